import EvmonModel

/// Turns a dead letter into the message a replay sends (docs/BROKERS.md "Replay"):
///
/// - to the original topic, or the one the user names;
/// - with the original key, onto the original partition when the headers name it and the
///   target is that topic, else where murmur2 of the key puts it;
/// - with the original headers minus the DLQ's own, plus `evmon-replay-of: <dlq>/<p>/<o>` and
///   `evmon-replay-at`, so consumers can spot replays and loops;
/// - with the value as it is (or as edited).
public enum ReplayPlanner {
    /// Plans one replay.
    ///
    /// - Parameters:
    ///   - target: the topic to replay to; `nil` for the original topic.
    ///   - partitionCount: partitions of the target topic (the caller has checked it exists).
    ///   - mark: what earlier replays of this dead letter did, for warnings.
    /// - Throws: `EvmonError.usage` when neither the headers nor the name say where the message
    ///   came from and no target was given.
    public static func plan(
        _ record: Record, entry: DeadLetterEntry, to target: String? = nil, partitionCount: Int,
        mark: ReplayMark? = nil, at now: Int64
    ) throws(EvmonError) -> ReplayPlan {
        guard let topic = target ?? entry.originalTopic else {
            throw .usage("\(entry.id): origin unknown (no DLQ headers, and the topic's name does not say); name the target topic")
        }
        var warnings: [String] = []
        let route: ReplayRoute
        if topic == entry.originalTopic, let original = entry.originalPartition, original >= 0, original < partitionCount {
            route = .originalPartition(original)
        } else {
            if topic == entry.originalTopic, let original = entry.originalPartition {
                warnings.append("\(topic) has no partition \(original) any more (it has \(partitionCount)); placing by key instead")
            }
            if let key = record.key, partitionCount > 0 {
                route = .keyHash(Murmur2Partitioner.partition(forKey: key, partitionCount: partitionCount))
            } else {
                route = .producerChoice
            }
        }
        if let warning = mark?.duplicateWarning { warnings.append(warning) }
        let headers = DeadLetterHeaders.originalHeaders(of: record.headers) + [
            Header(DeadLetterHeaders.replayOf, entry.id.description),
            Header(DeadLetterHeaders.replayAt, Timestamps.iso8601(now)),
        ]
        let message = OutgoingMessage(topic: topic, partition: route.partition, key: record.key, headers: headers, value: record.value)
        var plan = ReplayPlan(source: entry.id, message: message, route: route, warnings: warnings)
        plan.isReproduction = entry.isReproduction
        if let decoded = record.decoding?.value, decoded.json != nil { plan.decoded = decoded }
        return plan
    }
}
