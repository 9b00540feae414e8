import EvmonTestSupport
import Foundation
import Synchronization
import Testing

/// `evmon tail` against Tansu, with confluent-kafka as the reference producer.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaTailTests {
    typealias Message = KafkaTestBroker.Message

    /// Awkward messages across 3 partitions: null and empty keys and values, repeated and binary
    /// headers, non-UTF-8 bytes, values from 1 byte to 1 MB.
    static func awkwardMessages() -> [Message] {
        let binary: [UInt8] = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]
        var messages: [Message] = [
            Message(partition: 0, key: nil, value: nil),
            Message(partition: 0, key: [], value: []),
            Message(partition: 1, key: Array("k".utf8), value: [0x41]),
            Message(partition: 1, key: binary, value: binary, headers: [("h", Array("1".utf8)), ("h", binary), ("h", nil), ("e", [])]),
            Message(partition: 2, key: Array("ключ".utf8), value: Array("значение ✓ \"quoted\" \\ \n".utf8), headers: [("trace-id", Array("abc".utf8))]),
            Message(partition: 2, key: nil, value: [UInt8](repeating: 0x61, count: 1_000_000)),
            Message(partition: 0, key: Array("big-binary".utf8), value: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        ]
        for index in 0..<30 {
            messages.append(Message(partition: index % 3, key: Array("key-\(index)".utf8), value: Array("value-\(index)".utf8)))
        }
        return messages
    }

    @Test(arguments: ["none", "gzip", "snappy", "lz4", "zstd"])
    func tailReturnsExactlyWhatTheReferenceProduced(compression: String) async throws {
        let topic = KafkaTestBroker.uniqueTopic("exact-\(compression)")
        let messages = Self.awkwardMessages()
        let landed = try await KafkaTestBroker.produce(messages, topic: topic, compression: compression, createPartitions: 3)
        let outcome = try await KafkaTestBroker.evmon(["tail", topic, "--from", "earliest", "-e", "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let records = try outcome.lines.map(TailedRecord.init(line:))
        #expect(records.count == messages.count)
        for partition in 0..<3 {
            let expected = zip(messages, landed).filter { $0.1.0 == partition }.sorted { $0.1.1 < $1.1.1 }
            let actual = records.filter { $0.partition == partition }
            #expect(actual.map(\.offset) == expected.map(\.1.1), "partition \(partition) offsets")
            for (record, (message, _)) in zip(actual, expected) {
                #expect(record.topic == topic)
                #expect(record.key == message.key, "\(record) key")
                #expect(record.value == message.value, "\(record) value")
                #expect(record.headers == message.headers.map { .init(name: $0.0, value: $0.1) }, "\(record) headers")
            }
        }
    }

    /// 3 partitions × 10 messages, one batch each, timestamps 1000 ms apart from `base`.
    static func tenPerPartition(_ topic: String, base: Int64) async throws {
        var messages: [Message] = []
        for index in 0..<10 {
            for partition in 0..<3 {
                messages.append(Message(partition: partition, key: nil, value: Array("p\(partition)-\(index)".utf8), timestamp: base + Int64(index) * 1000))
            }
        }
        try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: 3, oneByOne: true)
    }

    static func offsets(_ outcome: EvmonProcess.Outcome) throws -> [Int: [Int64]] {
        var result: [Int: [Int64]] = [:]
        for record in try outcome.lines.map(TailedRecord.init(line:)) { result[record.partition, default: []].append(record.offset) }
        return result
    }

    @Test func everyFromFormPartitionAndCount() async throws {
        let topic = KafkaTestBroker.uniqueTopic("from")
        let base: Int64 = 1_700_000_000_000
        try await Self.tenPerPartition(topic, base: base)
        let all = Array(Int64(0)..<10)
        func tail(_ extra: String...) async throws -> EvmonProcess.Outcome {
            let outcome = try await KafkaTestBroker.evmon(["tail", topic, "--format", "json"] + extra)
            #expect(outcome.exitCode == 0, "\(extra): \(outcome.standardError)")
            return outcome
        }
        #expect(try Self.offsets(await tail("--from", "earliest", "-e")) == [0: all, 1: all, 2: all])
        #expect(try Self.offsets(await tail("--from", "latest", "-e")) == [:])
        #expect(try Self.offsets(await tail("--from", "7", "-e")) == [0: [7, 8, 9], 1: [7, 8, 9], 2: [7, 8, 9]])
        #expect(try Self.offsets(await tail("--from", "-2", "-e")) == [0: [8, 9], 1: [8, 9], 2: [8, 9]])
        #expect(try Self.offsets(await tail("--from", "@\(base + 6500)", "-e")) == [0: [7, 8, 9], 1: [7, 8, 9], 2: [7, 8, 9]])
        #expect(try Self.offsets(await tail("--from", "@\(base + 60_000)", "-e")) == [:])
        #expect(try Self.offsets(await tail("--from", "earliest", "--partition", "1", "-e")) == [1: all])
        #expect(try Self.offsets(await tail("--from", "earliest", "--partition", "0", "--partition", "2", "-e")) == [0: all, 2: all])
        let counted = try await tail("--from", "earliest", "--count", "4")
        #expect(counted.lines.count == 4)
        // Beyond the end clamps to the end; before the start, to the start.
        #expect(try Self.offsets(await tail("--from", "1000", "-e")) == [:])
    }

    @Test func liveFollowSeesMessagesProducedAfterItStarted() async throws {
        let topic = KafkaTestBroker.uniqueTopic("follow")
        try await KafkaTestBroker.produce([Message(partition: 0, key: nil, value: Array("old".utf8))], topic: topic, createPartitions: 3, oneByOne: true)
        let url = try KafkaTestBroker.url()
        let finished = Atomic(false)
        let follower = Task {
            try await onOwnThread {
                defer { finished.store(true, ordering: .releasing) }
                return try EvmonProcess.run(["tail", topic, "--from", "latest", "--count", "6", "--format", "json", "--broker", url], timeout: 90)
            }
        }
        // However long evmon takes to start on a loaded machine, it must see what comes after:
        // records keep coming until it has its six (or its own 90 s limit has passed).
        var produced = 0
        let giveUp = ContinuousClock.now + .seconds(95)
        while !finished.load(ordering: .acquiring), ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(500))
            try await KafkaTestBroker.produce([Message(partition: produced % 3, key: nil, value: Array("new-\(produced)".utf8))], topic: topic)
            produced += 1
        }
        let outcome = try await follower.value
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let records = try outcome.lines.map(TailedRecord.init(line:))
        #expect(records.count == 6)
        let values = records.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect(values.allSatisfy { $0.hasPrefix("new-") }, "\(values)")
        // Whatever it saw, it saw without gaps: the values it printed are consecutive.
        let numbers = values.compactMap { Int($0.dropFirst(4)) }.sorted()
        #expect(numbers == Array((numbers.first ?? 0)..<((numbers.first ?? 0) + 6)), "\(numbers)")
    }

    @Test func unknownTopicIsAUsageError() async throws {
        let outcome = try await KafkaTestBroker.evmon(["tail", "no-such-topic-\(UUID().uuidString.prefix(6))", "-e"])
        #expect(outcome.exitCode == 2, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("unknown topic"))
    }

    @Test func topicsCountsMessagesPerTopic() async throws {
        let topic = KafkaTestBroker.uniqueTopic("topics")
        try await Self.tenPerPartition(topic, base: 1_700_000_000_000)
        let outcome = try await KafkaTestBroker.evmon(["topics", "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let line = try #require(outcome.lines.first { $0.contains("\"\(topic)\"") })
        #expect(line == #"{"topic":"\#(topic)","partitions":3,"messages":30}"#)
    }
}
