import EvmonTestSupport
import Foundation
import Testing

/// `evmon produce` on redis-server, read back with redis-py: headers become fields in order,
/// and the value tail shows becomes the same fields again.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts redis-server)"))
struct RedisProduceCommandTests {
    /// An entry's fields as redis-py reads them with XRANGE: [name, value] with bytes decoded.
    static func fields(of stream: String) async throws -> [[[UInt8]]] {
        let replies = try await RedisTestBroker.redis([["XRANGE", .text(stream), "-", "+"]])
        let entries = try #require(replies.first as? [[Any]])
        return try entries.map { entry in
            let flat = try #require(entry[1] as? [Any])
            return try flat.map { try #require(try TailJSON.bytes($0)) }
        }
    }

    @Test func headersAreFieldsInOrderAndAnObjectValueBecomesFields() async throws {
        let stream = RedisTestBroker.uniqueStream("produce")
        try await RedisTestBroker.add(stream, [[("seed", Array("1".utf8))]])
        let lines = [
            #"{"headers":[["f",{"base64":"/wA="}],["f","2"],["g",""]],"value":null}"#,
            #"{"value":{"order_id":"ord-1","total":24.5,"tags":["a","b"]}}"#,
            #"{"key":null,"headers":[["payload","{\"a\":1}"]],"value":"{\"a\":1}"}"#,
        ]
        let produced = try await RedisTestBroker.evmon(["produce", stream], standardInput: lines.joined(separator: "\n"))
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        #expect(produced.lines.count == 3)
        let entries = try await Self.fields(of: stream).dropFirst()
        #expect(Array(entries) == [
            [Array("f".utf8), [0xFF, 0x00], Array("f".utf8), Array("2".utf8), Array("g".utf8), []],
            ["order_id", "ord-1", "total", "24.5", "tags", "a", "tags", "b"].map { Array($0.utf8) },
            [Array("payload".utf8), Array(#"{"a":1}"#.utf8)],
        ])
    }

    @Test func tailIntoProduceCopiesAStreamsFieldsExactly() async throws {
        let source = RedisTestBroker.uniqueStream("copy-from")
        let target = RedisTestBroker.uniqueStream("copy-to")
        try await RedisTestBroker.add(source, [
            [("payload", Array(#"{"order_id":"ord-7","total":1.10}"#.utf8))],
            [("a", [0xC3, 0x28]), ("a", Array("x".utf8)), ("b", Array("\u{1B}[31m".utf8))],
            [("n", Array("1".utf8))],
        ])
        try await RedisTestBroker.add(target, [[("seed", Array("1".utf8))]])
        let tailed = try await RedisTestBroker.evmon(["tail", source, "--from", "earliest", "-e", "--format", "json"])
        #expect(tailed.exitCode == 0, "stderr: \(tailed.standardError)")
        let file = try TemporaryFile(contents: tailed.standardOutput)
        let produced = try await RedisTestBroker.evmon(["produce", target, "--file", file.path])
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        #expect(Array(try await Self.fields(of: target).dropFirst()) == (try await Self.fields(of: source)))
    }
}
