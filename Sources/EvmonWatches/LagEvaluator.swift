import EvmonModel

/// `lag: {group: notifications, max: 500}`: the group's total lag stays at or below `max`,
/// judged on every poll of consumer groups.
final class LagEvaluator {
    let group: String
    private let maximum: Int64

    init(group: String, maximum: Int64) {
        self.group = group
        self.maximum = maximum
    }

    func observe(_ snapshots: [ConsumerGroupSnapshot], at time: Int64, result: inout WatchResult) {
        guard let snapshot = snapshots.first(where: { $0.group == group }) else {
            result.note = "group \(group) not seen on the broker"
            return
        }
        result.evaluated += 1
        guard let total = snapshot.totalLag else {
            result.note = "group \(group) has committed nowhere yet; its lag is unknown"
            return
        }
        result.note = "lag \(total) at \(Timestamps.iso8601(time))"
        guard total > maximum else { return }
        let worst = snapshot.partitions.max { ($0.lag ?? -1) < ($1.lag ?? -1) }
        var why = "lag \(total) > \(maximum) for group \(group)"
        if let worst, let lag = worst.lag {
            why += "; worst \(worst.topicPartition) lag \(lag) (committed \(worst.committed?.description ?? "-"), end \(worst.end?.description ?? "-"))"
        }
        if let state = snapshot.state { why += "; state \(state)" }
        result.fail(Violation(
            topic: worst?.topicPartition.topic, partition: worst?.topicPartition.partition, offset: worst?.committed,
            timestamp: time, why: why))
    }
}
