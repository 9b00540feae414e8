import EvmonTestSupport
import Foundation
import Synchronization
import Testing

/// `evmon tail` on Redis streams that redis-py wrote: exact bytes, views, every `--from` form.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts Redis)"))
struct RedisTailTests {
    static func tail(_ arguments: [String]) async throws -> [TailedEntry] {
        let outcome = try await RedisTestBroker.evmon(["tail"] + arguments + ["--format", "json"])
        #expect(outcome.exitCode == 0, "\(arguments): \(outcome.standardError)")
        return try outcome.lines.map(TailedEntry.init(line:))
    }

    @Test func fieldsAreHeadersWithExactBytesAndTheValueIsTheirView() async throws {
        let stream = RedisTestBroker.uniqueStream("exact")
        let binary: [UInt8] = [0xff, 0x00, 0xfe, 0x80, 0x0d, 0x0a, 0x1b]
        let json = Array(#"{"order":"ord-1","lines":[{"sku":"ä","qty":2}],"note":"\u001b[31m"}"#.utf8)
        let huge = [UInt8](repeating: 0x62, count: 1_000_000)
        let entries: [[(String, [UInt8])]] = [
            [("payload", json)],  // one field holding a JSON object: its exact bytes
            [("payload", Array("[1, 2 ,3]".utf8))],  // an array, spacing kept
            [("payload", Array("plain text".utf8))],  // one field, not JSON: the object view
            [("a", Array("1".utf8)), ("b", binary), ("a", Array("2".utf8)), ("ключ", Array("значение ✓ \"q\" \\".utf8))],
            [("empty", [])],
            [("big", huge)],
            [("payload", json), ("trace", Array("t-1".utf8))],  // JSON among others: the object view
        ]
        let ids = try await RedisTestBroker.add(stream, entries)
        let tailed = try await Self.tail([stream, "--from", "earliest", "-e"])
        #expect(tailed.map(\.id) == ids)
        for (entry, fields) in zip(tailed, entries) {
            #expect(entry.topic == stream && entry.partition == 0 && entry.key == nil)
            #expect(entry.fields == fields.map { TailedEntry.Field(name: $0.0, value: $0.1) }, "\(entry)")
            let milliseconds = Int64(entry.id.split(separator: "-")[0])
            #expect(entry.timestamp == milliseconds)
        }
        #expect(tailed[0].value == json)
        #expect(tailed[1].value == Array("[1, 2 ,3]".utf8))
        func object(_ entry: TailedEntry) throws -> [String: Any] {
            let value = try #require(entry.value)
            return try #require(try JSONSerialization.jsonObject(with: Data(value)) as? [String: Any])
        }
        #expect(try object(tailed[2])["payload"] as? String == "plain text")
        let mixed = try object(tailed[3])
        #expect(mixed["a"] as? [String] == ["1", "2"], "a repeated name gathers its values")
        #expect((mixed["b"] as? [String: String])?["base64"] == Data(binary).base64EncodedString())
        #expect(mixed["ключ"] as? String == "значение ✓ \"q\" \\")
        #expect(try object(tailed[4])["empty"] as? String == "")
        #expect(try object(tailed[5])["big"] as? String == String(decoding: huge, as: UTF8.self))
        #expect(try object(tailed[6])["payload"] as? String == String(decoding: json, as: UTF8.self))
        // Escape sequences in fields never reach the terminal raw, in text output either.
        let text = try await RedisTestBroker.evmon(["tail", stream, "--from", "earliest", "-e"])
        #expect(text.exitCode == 0)
        #expect(!text.standardOutput.contains("\u{1b}"), "raw ESC in text output")
    }

    @Test func everyFromFormAndCount() async throws {
        let stream = RedisTestBroker.uniqueStream("from")
        let ids = try await RedisTestBroker.addNumbered(stream, count: 10)
        #expect(try await Self.tail([stream, "--from", "earliest", "-e"]).map(\.id) == ids)
        #expect(try await Self.tail([stream, "--from", "beginning", "-e"]).map(\.id) == ids)
        #expect(try await Self.tail([stream, "--from", "latest", "-e"]).isEmpty)
        #expect(try await Self.tail([stream, "--from", "-3", "-e"]).map(\.id) == Array(ids.suffix(3)))
        #expect(try await Self.tail([stream, "--from", "-50", "-e"]).map(\.id) == ids, "-N beyond the length reads all")
        #expect(try await Self.tail([stream, "--from", ids[4], "-e"]).map(\.id) == Array(ids[4...]), "an id starts there, inclusive")
        #expect(try await Self.tail([stream, "--from", "0-1", "-e"]).map(\.id) == ids, "an id before the first clamps to it")
        #expect(try await Self.tail([stream, "--from", "99999999999999-0", "-e"]).isEmpty, "an id past the end clamps to it")
        #expect(try await Self.tail([stream, "--from", "earliest", "--count", "4"]).map(\.id) == Array(ids.prefix(4)))
        #expect(try await Self.tail([stream, "--partition", "0", "--from", "earliest", "-e"]).map(\.id) == ids)
        // @EPOCH_MS: the first entry at or after that millisecond.
        let milliseconds = ids.map { Int64($0.split(separator: "-")[0])! }
        let from = try #require(milliseconds.last)
        let expected = zip(ids, milliseconds).filter { $0.1 >= from }.map(\.0)
        #expect(try await Self.tail([stream, "--from", "@\(from)", "-e"]).map(\.id) == expected)
        #expect(try await Self.tail([stream, "--from", "@0", "-e"]).map(\.id) == ids)
        #expect(try await Self.tail([stream, "--from", "@\(from + 60_000)", "-e"]).isEmpty)
    }

    @Test func manyEntriesAcrossPagesAndTwoStreamsAtOnce() async throws {
        let first = RedisTestBroker.uniqueStream("pages-a")
        let second = RedisTestBroker.uniqueStream("pages-b")
        let firstIDs = try await RedisTestBroker.addNumbered(first, count: 2500)
        let secondIDs = try await RedisTestBroker.addNumbered(second, count: 7)
        let tailed = try await Self.tail([first, second, "--from", "earliest", "-e"])
        #expect(tailed.filter { $0.topic == first }.map(\.id) == firstIDs)
        #expect(tailed.filter { $0.topic == second }.map(\.id) == secondIDs)
        // -N larger than one page walks back page by page, then reads forward.
        #expect(try await Self.tail([first, "--from", "-1500", "-e"]).map(\.id) == Array(firstIDs.suffix(1500)))
    }

    @Test func emptyAndTrimmedStreams() async throws {
        let empty = RedisTestBroker.uniqueStream("empty")
        try await RedisTestBroker.redis([["XGROUP", "CREATE", .text(empty), "g", "$", "MKSTREAM"]])
        let outcome = try await RedisTestBroker.evmon(["tail", empty, "--from", "earliest", "-e"], timeout: 20)
        #expect(outcome.exitCode == 0 && outcome.lines.isEmpty, "\(outcome.standardError)")

        let trimmed = RedisTestBroker.uniqueStream("trimmed")
        let ids = try await RedisTestBroker.addNumbered(trimmed, count: 10)
        try await RedisTestBroker.redis([["XTRIM", .text(trimmed), "MAXLEN", "4"], ["XDEL", .text(trimmed), .text(ids[8])]])
        #expect(try await Self.tail([trimmed, "--from", "earliest", "-e"]).map(\.id) == [ids[6], ids[7], ids[9]])
        #expect(try await Self.tail([trimmed, "--from", ids[1], "-e"]).map(\.id) == [ids[6], ids[7], ids[9]], "a trimmed id clamps to the first held")
        // The last entry deleted: last-generated-id is past every entry, and -e still ends.
        try await RedisTestBroker.redis([["XDEL", .text(trimmed), .text(ids[9])]])
        #expect(try await Self.tail([trimmed, "--from", "-2", "-e"]).map(\.id) == [ids[6], ids[7]])
    }

    @Test func unknownStreamsPartitionsAndOtherKeysAreUsageErrors() async throws {
        let missing = try await RedisTestBroker.evmon(["tail", "no-such-stream-\(UUID().uuidString.prefix(6))", "-e"])
        #expect(missing.exitCode == 2, "stderr: \(missing.standardError)")
        #expect(missing.standardError.contains("unknown topic"))
        let stream = RedisTestBroker.uniqueStream("partition")
        try await RedisTestBroker.addNumbered(stream, count: 1)
        let partition = try await RedisTestBroker.evmon(["tail", stream, "--partition", "1", "-e"])
        #expect(partition.exitCode == 2, "stderr: \(partition.standardError)")
        #expect(partition.standardError.contains("no partition 1"))
        let string = RedisTestBroker.uniqueStream("string")
        try await RedisTestBroker.redis([["SET", .text(string), "x"]])
        let notStream = try await RedisTestBroker.evmon(["tail", string, "-e"])
        #expect(notStream.exitCode == 2, "stderr: \(notStream.standardError)")
    }

    @Test func liveFollowSeesEntriesAddedAfterItStarted() async throws {
        let stream = RedisTestBroker.uniqueStream("follow")
        try await RedisTestBroker.add(stream, [[("v", Array("old".utf8))]])
        let url = try RedisTestBroker.url()
        let finished = Atomic(false)
        let follower = Task {
            try await onOwnThread {
                defer { finished.store(true, ordering: .releasing) }
                return try EvmonProcess.run(["tail", stream, "--from", "latest", "--count", "6", "--format", "json", "--broker", url], timeout: 90)
            }
        }
        // However long evmon takes to start on a loaded machine, it must see what comes after:
        // entries keep coming until it has its six (or its own 90 s limit has passed).
        var added = 0
        let giveUp = ContinuousClock.now + .seconds(95)
        while !finished.load(ordering: .acquiring), ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(400))
            try await RedisTestBroker.add(stream, [[("v", Array("new-\(added)".utf8))]])
            added += 1
        }
        let outcome = try await follower.value
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let entries = try outcome.lines.map(TailedEntry.init(line:))
        #expect(entries.count == 6)
        let values = entries.compactMap { $0.fields.first?.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect(values.allSatisfy { $0.hasPrefix("new-") }, "\(values)")
        let numbers = values.compactMap { Int($0.dropFirst(4)) }
        #expect(numbers == Array((numbers.first ?? 0)..<((numbers.first ?? 0) + 6)), "no gap, in order: \(numbers)")
    }
}
