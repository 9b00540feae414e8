import RedisWire
import EvmonModel

extension RedisBroker {
    /// One group as `XINFO GROUPS` describes it on one stream.
    struct GroupInfo: Sendable {
        var stream: String
        var name: String
        var consumers: Int64
        var pending: Int64
        /// `nil` when the group has delivered nothing yet (`0-0`).
        var lastDelivered: Offset?
        /// Redis's own lag; `nil` when Redis cannot say (after deletions, or before 7.0).
        var lag: Int64?
    }

    /// Every consumer group of every stream. Groups with the same name on several streams are
    /// one snapshot with a row per stream, as a Kafka group spans topics: committed = the
    /// group's last-delivered id, end = the stream's last-generated-id, lag = Redis's own.
    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] {
        try await call {
            let names = try await streamNames()
            let groups = try await groupInfos(of: names)
            let ends = Dictionary(try await streamInfos(Array(Set(groups.map(\.stream))).sorted()).map { name, info in
                (name, RedisEntries.nonZeroID(info?.value(named: "last-generated-id")))
            }, uniquingKeysWith: { first, _ in first })
            var byName: [String: [GroupInfo]] = [:]
            for group in groups { byName[group.name, default: []].append(group) }
            return byName.keys.sorted().map { name in
                let rows = byName[name]!.sorted { $0.stream < $1.stream }
                let consumers = rows.reduce(0) { $0 + $1.consumers }
                let pending = rows.map(\.pending).clampedSum()
                return ConsumerGroupSnapshot(
                    group: name, state: "\(consumers) consumer\(consumers == 1 ? "" : "s"), \(pending) pending",
                    partitions: rows.map { row in
                        PartitionOffsets(
                            topicPartition: TopicPartition(topic: row.stream, partition: 0), committed: row.lastDelivered,
                            end: ends[row.stream] ?? nil, reportedLag: row.lag)
                    })
            }
        }
    }

    /// XINFO GROUPS of every stream, pipelined in chunks. RESP3 gives maps, RESP2 flat arrays;
    /// fields beyond the 7.0 set are ignored, and `lag` may be null or absent.
    func groupInfos(of streams: [String]) async throws -> [GroupInfo] {
        var groups: [GroupInfo] = []
        var start = 0
        while start < streams.count {
            let chunk = Array(streams[start..<min(streams.count, start + 256)])
            let replies = try await read(chunk.map { RESPCommand("XINFO", "GROUPS", $0) })
            for (stream, reply) in zip(chunk, replies) {
                if let message = reply.errorMessage {
                    if Self.isNoSuchKey(message) { continue }
                    throw RedisServerError(command: "XINFO GROUPS \(stream)", message: message)
                }
                guard let entries = reply.elements else {
                    throw RedisConnectionError.protocolViolation("XINFO GROUPS \(stream) is not an array")
                }
                for entry in entries {
                    guard let fields = entry.pairs, let name = fields.value(named: "name")?.string else {
                        throw RedisConnectionError.protocolViolation("XINFO GROUPS \(stream) lists a group without a name")
                    }
                    groups.append(GroupInfo(
                        stream: stream, name: name, consumers: RedisEntries.count(fields.value(named: "consumers")) ?? 0,
                        pending: RedisEntries.count(fields.value(named: "pending")) ?? 0,
                        lastDelivered: RedisEntries.nonZeroID(fields.value(named: "last-delivered-id")),
                        lag: RedisEntries.count(fields.value(named: "lag"))))
                }
            }
            start += chunk.count
        }
        return groups
    }
}
