import EvmonTestSupport
import Foundation
import Testing
import EvmonModel

/// Poison entries (delivered to a group again and again, never acknowledged) as dead letters,
/// and their replay, read back with redis-py.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts Redis)"))
struct RedisDeadLetterTests {
    /// A stream with one entry delivered 3 times to `group` (read, then re-read from the own PEL
    /// twice), one delivered 3 times and acknowledged, one delivered 3 times and then deleted,
    /// and one delivered once.
    static func poisoned(_ stream: String, group: String) async throws -> (poison: String, once: String, fields: [(String, [UInt8])]) {
        let fields: [(String, [UInt8])] = [("order", Array("ord-9".utf8)), ("blob", [0xff, 0x00]), ("order", Array("again".utf8))]
        let ids = try await RedisTestBroker.add(stream, [fields, [("n", Array("2".utf8))], [("n", Array("3".utf8))], [("n", Array("4".utf8))]])
        try await RedisTestBroker.redis([
            ["XGROUP", "CREATE", .text(stream), .text(group), "0"],
            ["XREADGROUP", "GROUP", .text(group), "worker-1", "COUNT", "1", "STREAMS", .text(stream), ">"],
            ["XREADGROUP", "GROUP", .text(group), "worker-1", "COUNT", "1", "STREAMS", .text(stream), "0"],
            ["XREADGROUP", "GROUP", .text(group), "worker-1", "COUNT", "1", "STREAMS", .text(stream), "0"],
            ["XREADGROUP", "GROUP", .text(group), "worker-2", "COUNT", "2", "STREAMS", .text(stream), ">"],
            ["XREADGROUP", "GROUP", .text(group), "worker-2", "STREAMS", .text(stream), "0"],
            ["XREADGROUP", "GROUP", .text(group), "worker-2", "STREAMS", .text(stream), "0"],
            ["XACK", .text(stream), .text(group), .text(ids[1])],
            ["XREADGROUP", "GROUP", .text(group), "worker-3", "STREAMS", .text(stream), ">"],
            ["XDEL", .text(stream), .text(ids[2])],
        ])
        return (ids[0], ids[3], fields)
    }

    @Test func theAdapterReportsPendingEntriesDeliveredOftenEnough() async throws {
        let stream = RedisTestBroker.uniqueStream("poison-adapter")
        let group = "billing-\(UUID().uuidString.prefix(6))"
        let (poison, once, fields) = try await Self.poisoned(stream, group: group)
        let adapter = try RedisTestBroker.adapter()
        defer { Task { await adapter.shutdown() } }
        let letters = try await adapter.brokerDeadLetters(minimumDeliveries: 3).filter { $0.record.topic == stream }
        #expect(letters.count == 1, "the acknowledged and the deleted entries are not listed: \(letters.map(\.record.offset))")
        let letter = try #require(letters.first)
        #expect(letter.record.offset.description == poison)
        #expect(letter.record.headers == fields.map { Header(name: $0.0, value: $0.1) })
        #expect(letter.convention == "redis-pending")
        #expect(letter.reason == "delivered 3 times to group \(group) (consumer worker-1), never acknowledged")
        #expect(letter.consumer == "\(group)/worker-1")
        // A lower bar lists what was delivered fewer times, too.
        let all = try await adapter.brokerDeadLetters(minimumDeliveries: 1).filter { $0.record.topic == stream }
        #expect(all.map(\.record.offset.description) == [poison, once])
        #expect(all.last?.reason == "delivered 1 time to group \(group) (consumer worker-3), never acknowledged")
        #expect(try await adapter.brokerDeadLetters(minimumDeliveries: 4).filter { $0.record.topic == stream }.isEmpty)
    }

    @Test func dlqListShowsThePoisonEntryAndReplayWritesItBack() async throws {
        let stream = RedisTestBroker.uniqueStream("poison")
        let group = "billing-\(UUID().uuidString.prefix(6))"
        let (poison, _, fields) = try await Self.poisoned(stream, group: group)
        let listed = try await RedisTestBroker.evmon(["dlq", "list", "--format", "json"])
        #expect(listed.exitCode == 0, "stderr: \(listed.standardError)")
        let rows = try listed.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let row = try #require(rows.first { $0["dlqTopic"] as? String == stream }, "\(listed.standardOutput)")
        #expect(row["offset"] as? String == poison)
        #expect(row["convention"] as? String == "redis-pending")
        #expect((row["reason"] as? String)?.contains("delivered 3 times to group \(group)") == true)
        #expect(rows.filter { $0["dlqTopic"] as? String == stream }.count == 1)

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("redis-replay-\(UUID())").path
        let replay = try await RedisTestBroker.evmon(
            ["dlq", "replay", stream, "--partition", "0", "--offset", poison, "--yes"], environment: ["XDG_STATE_HOME": state])
        #expect(replay.exitCode == 0, "stderr: \(replay.standardError)")
        // Read back with redis-py: the original fields in order, then the replay marks.
        let replies = try await RedisTestBroker.redis([["XREVRANGE", .text(stream), "+", "-", "COUNT", "1"]])
        let newest = try #require((replies.first as? [Any])?.first as? [Any])
        let newID = try #require(newest[0] as? String)
        #expect(newID != poison && replay.standardOutput.contains(newID), "\(replay.standardOutput)")
        let flat = try #require(newest[1] as? [Any])
        var written: [(String, [UInt8])] = []
        for index in stride(from: 0, to: flat.count, by: 2) {
            let name = try #require(flat[index] as? String)
            let value = try #require(try TailJSON.bytes(flat[index + 1]))
            written.append((name, value))
        }
        #expect(written.count == fields.count + 2)
        #expect(written.prefix(fields.count).map(\.0) == fields.map(\.0))
        #expect(written.prefix(fields.count).map(\.1) == fields.map(\.1))
        #expect(written[fields.count].0 == "evmon-replay-of")
        #expect(String(decoding: written[fields.count].1, as: UTF8.self) == "\(stream)/0/\(poison)")
        #expect(written[fields.count + 1].0 == "evmon-replay-at")
    }

    @Test func producedEntriesFollowTheViewRule() async throws {
        let stream = RedisTestBroker.uniqueStream("produce")
        let json = Array(#"{"id":1}"#.utf8)
        try await RedisTestBroker.add(stream, [[("payload", json)]])
        let adapter = try RedisTestBroker.adapter()
        defer { Task { await adapter.shutdown() } }
        func fields(of position: ProducedPosition) async throws -> [Header] {
            try #require(try await adapter.message(at: position.offset, in: position.topicPartition)).headers
        }
        // Unedited: the headers are the fields.
        let same = try await adapter.produce(OutgoingMessage(topic: stream, key: nil, headers: [Header("payload", #"{"id":1}"#)], value: json))
        #expect(try await fields(of: same) == [Header("payload", #"{"id":1}"#)])
        // The single JSON field edited: the edit replaces it.
        let edited = try await adapter.produce(OutgoingMessage(
            topic: stream, partition: 0, key: nil, headers: [Header("payload", #"{"id":1}"#), Header("evmon-replay-of", "x/0/1-0")],
            value: Array(#"{"id":2}"#.utf8)))
        #expect(try await fields(of: edited) == [Header("payload", #"{"id":2}"#), Header("evmon-replay-of", "x/0/1-0")])
        // The object view edited: the fields are rebuilt from it, in its order.
        let rebuilt = try await adapter.produce(OutgoingMessage(
            topic: stream, key: nil, headers: [Header("a", "1"), Header("b", "2")],
            value: Array(#"{"b":"3","a":["1","4"],"bin":{"base64":"/wA="},"n":5}"#.utf8)))
        #expect(try await fields(of: rebuilt) == [
            Header("b", "3"), Header("a", "1"), Header("a", "4"), Header(name: "bin", value: [0xff, 0x00]), Header("n", "5"),
        ])
        await #expect(throws: EvmonError.self) {
            try await adapter.produce(OutgoingMessage(topic: stream, key: nil, headers: [Header("a", "1"), Header("b", "2")], value: Array("[1]".utf8)))
        }
        await #expect(throws: EvmonError.unknownPartition(topic: stream, partition: 1, count: 1)) {
            try await adapter.produce(OutgoingMessage(topic: stream, partition: 1, key: nil, headers: [Header("a", "1")], value: nil))
        }
        let missing = "no-such-\(UUID().uuidString.prefix(6))"
        do {
            _ = try await adapter.produce(OutgoingMessage(topic: missing, key: nil, headers: [Header("a", "1")], value: nil))
            Issue.record("XADD created a stream")
        } catch let error as EvmonError {
            guard case .unknownTopic(missing, _) = error else { Issue.record("\(error)"); return }
        }
    }
}
