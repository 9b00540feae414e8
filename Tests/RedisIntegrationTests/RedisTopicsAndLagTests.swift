import EvmonTestSupport
import Foundation
import Testing

/// `evmon topics` and `evmon lag` against streams and groups redis-py set up.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts Redis)"))
struct RedisTopicsAndLagTests {
    static func jsonLines(_ outcome: EvmonProcess.Outcome) throws -> [[String: Any]] {
        try outcome.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func topicsListStreamsWithCountsAndTheAdapterGivesBounds() async throws {
        let full = RedisTestBroker.uniqueStream("topics-full")
        let empty = RedisTestBroker.uniqueStream("topics-empty")
        let notStream = RedisTestBroker.uniqueStream("topics-string")
        let ids = try await RedisTestBroker.addNumbered(full, count: 5)
        try await RedisTestBroker.redis([
            ["XGROUP", "CREATE", .text(empty), "g", "$", "MKSTREAM"], ["SET", .text(notStream), "x"], ["XDEL", .text(full), .text(ids[0])],
        ])
        let outcome = try await RedisTestBroker.evmon(["topics", "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let rows = try Self.jsonLines(outcome)
        let byName = Dictionary(rows.map { ($0["topic"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName[full]?["messages"] as? Int == 4)
        #expect(byName[full]?["partitions"] as? Int == 1)
        #expect(byName[empty]?["messages"] as? Int == 0)
        #expect(byName[notStream] == nil, "only streams are topics")
        let names = rows.map { $0["topic"] as! String }
        #expect(names == names.sorted())

        let adapter = try RedisTestBroker.adapter()
        defer { Task { await adapter.shutdown() } }
        let topics = try await adapter.listTopics()
        let metadata = try #require(topics.first { $0.name == full }?.partitions.first)
        #expect(metadata.startOffset?.description == ids[1], "the first entry still held")
        #expect(metadata.endOffset?.description == ids[4], "last-generated-id")
        #expect(metadata.reportedMessageCount == 4)
        #expect(metadata.reportedWrittenCount == 5, "entries-added counts the deleted one too")
        let emptyMetadata = try #require(topics.first { $0.name == empty }?.partitions.first)
        #expect(emptyMetadata.startOffset == nil && emptyMetadata.endOffset == nil && emptyMetadata.reportedMessageCount == 0)
    }

    @Test func lagRowsUseRedisOwnLagAndNullWhenItCannotSay() async throws {
        let stream = RedisTestBroker.uniqueStream("lag")
        let other = RedisTestBroker.uniqueStream("lag-other")
        let ids = try await RedisTestBroker.addNumbered(stream, count: 6)
        let otherIDs = try await RedisTestBroker.addNumbered(other, count: 2)
        let caughtUp = "caught-\(UUID().uuidString.prefix(6))"
        let behind = "behind-\(UUID().uuidString.prefix(6))"
        let fresh = "fresh-\(UUID().uuidString.prefix(6))"
        let deleted = "deleted-\(UUID().uuidString.prefix(6))"
        try await RedisTestBroker.redis([
            ["XGROUP", "CREATE", .text(stream), .text(caughtUp), "0"],
            ["XREADGROUP", "GROUP", .text(caughtUp), "c1", "STREAMS", .text(stream), ">"],
            ["XACK", .text(stream), .text(caughtUp), .text(ids[0]), .text(ids[1]), .text(ids[2]), .text(ids[3]), .text(ids[4]), .text(ids[5])],
            ["XGROUP", "CREATE", .text(stream), .text(behind), "0"],
            ["XREADGROUP", "GROUP", .text(behind), "c1", "COUNT", "2", "STREAMS", .text(stream), ">"],
            ["XREADGROUP", "GROUP", .text(behind), "c2", "COUNT", "1", "STREAMS", .text(stream), ">"],
            ["XGROUP", "CREATE", .text(stream), .text(fresh), "0"],
            // The same group name on a second stream: one group, two rows.
            ["XGROUP", "CREATE", .text(other), .text(behind), "0"],
            ["XGROUP", "CREATE", .text(other), .text(deleted), "0"],
            // Deleting an entry the group has not read makes Redis's lag unknown (null).
            ["XDEL", .text(other), .text(otherIDs[1])],
        ])
        let outcome = try await RedisTestBroker.evmon(["lag", "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let rows = try Self.jsonLines(outcome)
        func row(_ group: String, _ topic: String) throws -> [String: Any] {
            try #require(rows.first { $0["group"] as? String == group && $0["topic"] as? String == topic }, "no row \(group) \(topic)")
        }
        let done = try row(caughtUp, stream)
        #expect(done["committed"] as? String == ids[5] && done["end"] as? String == ids[5] && done["lag"] as? Int == 0)
        #expect(done["partition"] as? Int == 0)
        let late = try row(behind, stream)
        #expect(late["committed"] as? String == ids[2] && late["lag"] as? Int == 3)
        let never = try row(fresh, stream)
        #expect(never["committed"] is NSNull, "a group that delivered nothing has no committed id")
        #expect(never["lag"] as? Int == 6)
        let secondRow = try row(behind, other)
        #expect(secondRow["end"] as? String == otherIDs[1])
        let unknown = try row(deleted, other)
        #expect(unknown["lag"] is NSNull, "lag after XDEL: \(unknown)")

        let adapter = try RedisTestBroker.adapter()
        defer { Task { await adapter.shutdown() } }
        let snapshot = try #require(try await adapter.listConsumerGroups().first { $0.group == behind })
        #expect(snapshot.partitions.map(\.topicPartition.topic) == [stream, other].sorted())
        #expect(snapshot.state == "2 consumers, 3 pending")
    }
}
