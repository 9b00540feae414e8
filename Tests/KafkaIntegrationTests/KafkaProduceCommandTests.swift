import EvmonTestSupport
import Foundation
import Testing

/// `evmon produce` on Tansu, read back by confluent-kafka (librdkafka): every codec, and the
/// hostile mix a capture holds.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaProduceCommandTests {
    /// One message of the mix: what the fixture line says, and the bytes it stands for.
    struct Expected {
        var line: String
        var partition: Int
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [TailedRecord.HeaderPair]
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Null key and value, empty ones, bytes that are not UTF-8, a C1 control, repeated headers
    /// (one without a value), a JSON object written as JSON, and a 1,000,000-byte value.
    static let mix: [Expected] = {
        let large = [UInt8]((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        return [
            Expected(line: #"{"partition":0,"key":null,"headers":[],"value":null}"#, partition: 0, key: nil, value: nil, headers: []),
            Expected(line: #"{"partition":1,"key":"","headers":[],"value":""}"#, partition: 1, key: [], value: [], headers: []),
            Expected(
                line: #"{"partition":2,"key":{"base64":"/wDA"},"headers":[["h",{"base64":"gA=="}],["h",null],["h","two"]],"value":{"base64":"AP/+"}}"#,
                partition: 2, key: [0xFF, 0x00, 0xC0], value: [0x00, 0xFF, 0xFE],
                headers: [.init(name: "h", value: [0x80]), .init(name: "h", value: nil), .init(name: "h", value: Array("two".utf8))]),
            Expected(
                line: #"{"partition":0,"key":"ord-\u0085","value":{"order_id": "ord-1", "total": 24.50}}"#, partition: 0,
                key: Array("ord-\u{85}".utf8), value: Array(#"{"order_id":"ord-1","total":24.50}"#.utf8), headers: []),
            Expected(line: #"{"partition":1,"key":"big","value":{"base64":"\#(base64(large))"}}"#, partition: 1, key: Array("big".utf8), value: large, headers: []),
        ]
    }()

    @Test(arguments: ["none", "gzip", "snappy", "lz4", "zstd"])
    func everyMessageOfTheMixReadsBackThroughConfluentKafka(codec: String) async throws {
        let topic = KafkaTestBroker.uniqueTopic("produce-\(codec)")
        try await KafkaTestBroker.produce([], topic: topic, createPartitions: 3)
        let file = try TemporaryFile(contents: Self.mix.map(\.line).joined(separator: "\n") + "\n")
        let outcome = try await KafkaTestBroker.evmon(["produce", topic, "--file", file.path, "--compression", codec, "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let landed = try outcome.lines.map { try TailJSON.object($0) }
        #expect(landed.compactMap { $0["line"] as? Int } == Array(1...Self.mix.count))
        for (expected, position) in zip(Self.mix, landed) {
            let offset = try TailJSON.integer(position["offset"])
            #expect(position["partition"] as? Int == expected.partition)
            let read = try await Self.referenceRead(topic, partition: expected.partition, from: offset, count: 1)
            let message = try #require(read.first)
            #expect(message.key == expected.key, "key of \(expected.line.prefix(60))")
            #expect(message.value == expected.value, "value of \(expected.line.prefix(60))")
            #expect(message.headers == expected.headers, "headers of \(expected.line.prefix(60))")
        }
    }

    @Test func tailIntoProduceCopiesATopicExactly() async throws {
        let source = KafkaTestBroker.uniqueTopic("copy-from")
        let target = KafkaTestBroker.uniqueTopic("copy-to")
        try await KafkaTestBroker.produce(
            (0..<60).map { index in
                KafkaTestBroker.Message(
                    partition: index % 3, key: index % 7 == 0 ? nil : [UInt8(index), 0xFE], value: index % 5 == 0 ? nil : Array("v\(index)\u{1B}".utf8),
                    headers: index % 2 == 0 ? [("h", [0xC3]), ("h", nil)] : [])
            }, topic: source, compression: "lz4", createPartitions: 3)
        try await KafkaTestBroker.produce([], topic: target, createPartitions: 3)
        let tailed = try await KafkaTestBroker.evmon(["tail", source, "--from", "earliest", "-e", "--format", "json"])
        #expect(tailed.exitCode == 0, "stderr: \(tailed.standardError)")
        let file = try TemporaryFile(contents: tailed.standardOutput)
        let produced = try await KafkaTestBroker.evmon(["produce", target, "--file", file.path])
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        let copied = try await KafkaTestBroker.evmon(["tail", target, "--from", "earliest", "-e", "--format", "json"])
        func content(_ lines: [String]) throws -> [[String]] {
            // Per partition, in offset order: partition, key, value, headers as tail printed them.
            try lines.map(TailedRecord.init(line:)).sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
                .map { ["\($0.partition)", "\(String(describing: $0.key))", "\(String(describing: $0.value))", "\($0.headers)"] }
        }
        #expect(try content(copied.lines) == content(tailed.lines))
        #expect(copied.lines.count == 60)
    }

    @Test func aMalformedLineStopsTheRunAfterTheLinesBeforeIt() async throws {
        let topic = KafkaTestBroker.uniqueTopic("produce-bad")
        try await KafkaTestBroker.produce([], topic: topic, createPartitions: 1)
        let lines = [#"{"key":"a","value":"1"}"#, #"{"key":"b","value":"2"}"#, #"{"key":"c","value":"3","partition":"zero"}"#, #"{"key":"d","value":"4"}"#]
        let file = try TemporaryFile(contents: lines.joined(separator: "\n"))
        let stopped = try await KafkaTestBroker.evmon(["produce", topic, "--file", file.path])
        #expect(stopped.exitCode == 2)
        #expect(stopped.standardError.contains("\(file.path):3: 'partition' must be a whole number"), "stderr: \(stopped.standardError)")
        #expect(stopped.lines == ["\(topic)/0@0", "\(topic)/0@1"])
        let skipped = try await KafkaTestBroker.evmon(["produce", topic, "--file", file.path, "--keep-going"])
        #expect(skipped.exitCode == 2)
        #expect(skipped.lines == ["\(topic)/0@2", "\(topic)/0@3", "\(topic)/0@4"])
        let read = try await Self.referenceRead(topic, partition: 0, from: 0, count: 5)
        #expect(read.map(\.value) == ["1", "2", "1", "2", "4"].map { Array($0.utf8) })
    }

    @Test func aMissingPartitionIsWhereJavasPartitionerPutsTheKey() async throws {
        let topic = KafkaTestBroker.uniqueTopic("produce-keyed")
        try await KafkaTestBroker.produce([], topic: topic, createPartitions: 3)
        let keys = (0..<12).map { "order-\($0)" }
        let produced = try await KafkaTestBroker.evmon(
            ["produce", topic, "--format", "json"], standardInput: keys.map { #"{"key":"\#($0)","value":"x"}"# }.joined(separator: "\n"))
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        // librdkafka's murmur2_random partitioner is Java's default: the same partitions.
        let reference = try await KafkaTestBroker.python(
            "produce.py", [try KafkaTestBroker.bootstrap(), topic, "none", "--partitioner", "murmur2_random"],
            input: try JSONSerialization.data(withJSONObject: keys.map { ["partition": -1, "key": Data($0.utf8).base64EncodedString(), "value": NSNull(), "headers": []] as [String: Any] }))
        let referencePartitions = try #require(try JSONSerialization.jsonObject(with: reference) as? [[Int]]).map { $0[0] }
        let ours = try produced.lines.map { try TailJSON.object($0)["partition"] as? Int }
        #expect(ours == referencePartitions)
    }

    /// confluent-kafka's reading of `count` messages of one partition from `offset`.
    static func referenceRead(_ topic: String, partition: Int, from offset: Int64, count: Int) async throws -> [TailedRecord] {
        let output = try await KafkaTestBroker.python("consume.py", [try KafkaTestBroker.bootstrap(), topic, String(partition), String(offset), String(count)])
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        return try messages.map { message in
            let headers = (message["headers"] as? [[Any]] ?? []).map { pair in
                TailedRecord.HeaderPair(name: pair[0] as? String ?? "", value: (pair[1] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) })
            }
            return TailedRecord(
                topic: topic, partition: partition, offset: try TailJSON.integer(message["offset"]), timestamp: 0,
                key: (message["key"] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) },
                value: (message["value"] as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }, headers: headers)
        }
    }
}
