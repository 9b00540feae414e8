import RedisWire
import EvmonModel

extension RedisBroker {
    /// Poison candidates: entries pending in a group (delivered, never acknowledged) at least
    /// `minimumDeliveries` times, from `XPENDING key group - + 1000` (paged), each fetched with
    /// `XRANGE key id id`. Entries deleted since they were delivered are skipped. Oldest first.
    public func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter] {
        try await call {
            let groups = try await groupInfos(of: try await streamNames()).filter { $0.pending > 0 }
            var letters: [BrokerDeadLetter] = []
            for group in groups {
                let candidates = try await pendingEntries(of: group, minimumDeliveries: minimumDeliveries)
                var start = 0
                while start < candidates.count {
                    let chunk = Array(candidates[start..<min(candidates.count, start + 500)])
                    let replies = try await read(chunk.map { RESPCommand("XRANGE", group.stream, $0.id.description, $0.id.description) })
                    for (candidate, reply) in zip(chunk, replies) {
                        if let message = reply.errorMessage { throw RedisServerError(command: "XRANGE \(group.stream)", message: message) }
                        guard let record = try RedisEntries.records(topic: group.stream, reply: reply).first else { continue }
                        letters.append(BrokerDeadLetter(
                            record: record, convention: "redis-pending",
                            reason: "delivered \(candidate.deliveries) time\(candidate.deliveries == 1 ? "" : "s") to group \(group.name) (consumer \(candidate.consumer)), never acknowledged",
                            consumer: "\(group.name)/\(candidate.consumer)"))
                    }
                    start += chunk.count
                }
            }
            return letters.sorted { ($0.record.offset, $0.record.topic) < ($1.record.offset, $1.record.topic) }
        }
    }

    /// One XPENDING extended-form row.
    struct PendingEntry: Sendable {
        var id: Offset
        var consumer: String
        var deliveries: Int64
    }

    /// A group's pending entries delivered at least `minimumDeliveries` times, paging
    /// `XPENDING key group (lastid + 1000` until a short page.
    /// Each page must start past the last one and there are at most as many pages as the
    /// group's pending count needs (plus one): a server repeating its pages ends the paging.
    private func pendingEntries(of group: GroupInfo, minimumDeliveries: Int) async throws -> [PendingEntry] {
        let pageSize = 1000
        var found: [PendingEntry] = []
        var start = "-"
        var previous: Offset?
        var pages: Int64 = 0
        while true {
            pages += 1
            guard pages <= group.pending / Int64(pageSize) + 2 else { return found }
            let reply = try await read(RESPCommand("XPENDING", group.stream, group.name, start, "+", String(pageSize)))
            guard let rows = reply.elements else {
                throw RedisConnectionError.protocolViolation("XPENDING \(group.stream) \(group.name) is not an array")
            }
            var last: Offset?
            for row in rows {
                guard let fields = row.elements, fields.count >= 4, let idBytes = fields[0].bytes, let id = RedisStreamID.parse(idBytes),
                    let consumer = fields[1].string, let deliveries = fields[3].integer
                else {
                    throw RedisConnectionError.protocolViolation("XPENDING \(group.stream) \(group.name) has a row other than [id, consumer, idle, deliveries]")
                }
                guard previous.map({ id > $0 }) ?? true, last.map({ id > $0 }) ?? true else {
                    throw RedisConnectionError.protocolViolation("XPENDING \(group.stream) \(group.name) repeated entry \(id) instead of paging forward")
                }
                last = id
                if deliveries >= Int64(minimumDeliveries) { found.append(PendingEntry(id: id, consumer: consumer, deliveries: deliveries)) }
            }
            guard rows.count == pageSize, let last else { return found }
            previous = last
            start = "(\(last)"
        }
    }
}
