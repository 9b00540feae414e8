import EvmonTestSupport
import Foundation
import Testing

/// Dead letters as each producer writes them (docs/BROKERS.md "Dead-letter conventions"), header for
/// header, for the reference client to put into a DLQ topic.
enum DeadLetterFixture: String, CaseIterable, Sendable {
    case spring, springCloudStream, kafkaConnect, smallrye, karafkaSource, karafkaOriginal, nameOnly

    /// The name `dlq list` reports.
    var conventionName: String {
        switch self {
        case .spring: "spring"
        case .springCloudStream: "spring-cloud-stream"
        case .kafkaConnect: "kafka-connect"
        case .smallrye: "smallrye"
        case .karafkaSource, .karafkaOriginal: "karafka"
        case .nameOnly: "name-only"
        }
    }

    /// The DLQ topic for `original`. Connect and Karafka take any configured name: theirs are
    /// ones evmon does not recognise, so only their headers can explain them.
    func dlqTopic(for original: String) -> String {
        switch self {
        case .spring: original + "-dlt"
        case .springCloudStream: "error.\(original).billing"
        case .kafkaConnect: original + "-sink-errors"
        case .smallrye: "dead-letter-topic-" + original
        case .karafkaSource, .karafkaOriginal: original + "-karafka-dead"
        case .nameOnly: original + ".dlq"
        }
    }

    /// The first line of the exception message `dlq list` must report as the reason.
    var reason: String? {
        switch self {
        case .spring: "Listener method 'public void com.example.OrderListener.on(Order)' threw exception; nested exception is com.example.inventory.OutOfStockException: SKU-1030 has no stock in WH-1"
        case .springCloudStream: "error occurred in message handler [billing]; nested exception is java.lang.IllegalStateException: card declined"
        case .kafkaConnect: "Converting byte[] to Kafka Connect data failed due to serialization error"
        case .smallrye: "Order total must be positive, was -3"
        case .karafkaSource, .karafkaOriginal, .nameOnly: nil
        }
    }

    /// The exception class `dlq list` must report: the cause's where the producer names one.
    var exception: String? {
        switch self {
        case .spring: "com.example.inventory.OutOfStockException"
        case .springCloudStream: "org.springframework.messaging.MessageHandlingException"
        case .kafkaConnect: "org.apache.kafka.connect.errors.DataException"
        case .smallrye: "java.lang.IllegalArgumentException"
        case .karafkaSource, .karafkaOriginal, .nameOnly: nil
        }
    }

    /// Whether the headers name the original partition and offset.
    var namesOrigin: Bool { self != .nameOnly }

    /// A Java stack trace's first lines: multi-line text, as the producers write it.
    static func stackTrace(_ exception: String, at method: String) -> String {
        "\(exception): failed\n\tat \(method)(Unknown Source)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)\n"
    }

    /// The headers the producer adds, naming `topic`/`partition`@`offset` as the origin.
    func headers(topic: String, partition: Int, offset: Int64, timestamp: Int64) -> [(String, [UInt8]?)] {
        func text(_ value: String) -> [UInt8] { Array(value.utf8) }
        switch self {
        case .spring:
            return [
                ("kafka_dlt-original-topic", text(topic)), ("kafka_dlt-original-partition", bigEndian(Int32(partition))),
                ("kafka_dlt-original-offset", bigEndian(offset)), ("kafka_dlt-original-timestamp", bigEndian(timestamp)),
                ("kafka_dlt-original-timestamp-type", text("CreateTime")), ("kafka_dlt-original-consumer-group", text("inventory")),
                ("kafka_dlt-exception-fqcn", text("org.springframework.kafka.listener.ListenerExecutionFailedException")),
                ("kafka_dlt-exception-cause-fqcn", text("com.example.inventory.OutOfStockException")),
                ("kafka_dlt-exception-message", text(reason! + "\nRetries exhausted after 3 attempts")),
                ("kafka_dlt-exception-stacktrace", text(Self.stackTrace("ListenerExecutionFailedException", at: "KafkaMessageListenerContainer.decorateException"))),
                // A later hop (a retry topic) repeats the origin headers: the first ones are the truth.
                ("kafka_dlt-original-topic", text(topic + "-retry-0")), ("kafka_dlt-original-partition", bigEndian(Int32(0))),
            ]
        case .springCloudStream:
            return [
                ("x-original-topic", text(topic)), ("x-original-partition", bigEndian(Int32(partition))),
                ("x-original-offset", bigEndian(offset)), ("x-original-timestamp", bigEndian(timestamp)),
                ("x-exception-fqcn", text(exception!)),
                ("x-exception-message", text(reason! + "\n\tfailed after 3 attempts")),
                ("x-exception-stacktrace", text(Self.stackTrace("MessageHandlingException", at: "MethodInvokingMessageProcessor.processMessage"))),
            ]
        case .kafkaConnect:
            return [
                ("__connect.errors.topic", text(topic)), ("__connect.errors.partition", text(String(partition))),
                ("__connect.errors.offset", text(String(offset))), ("__connect.errors.connector.name", text("jdbc-sink")),
                ("__connect.errors.task.id", text("0")), ("__connect.errors.stage", text("VALUE_CONVERTER")),
                ("__connect.errors.class.name", text("org.apache.kafka.connect.json.JsonConverter")),
                ("__connect.errors.exception.class.name", text(exception!)),
                ("__connect.errors.exception.message", text(reason! + "\nCaused by: com.fasterxml.jackson.core.JsonParseException: Unexpected character")),
                ("__connect.errors.exception.stacktrace", text(Self.stackTrace("DataException", at: "JsonConverter.toConnectData"))),
            ]
        case .smallrye:
            return [
                ("dead-letter-reason", text(reason! + "\n(validation failed in OrderProcessor)")),
                ("dead-letter-cause", text("total < 0")),
                ("dead-letter-exception-class-name", text("io.smallrye.reactive.messaging.ProcessingException")),
                ("dead-letter-cause-class-name", text(exception!)),
                ("dead-letter-topic", text(topic)), ("dead-letter-partition", text(String(partition))),
                ("dead-letter-offset", text(String(offset))),
            ]
        case .karafkaSource:
            return [
                ("source_topic", text(topic)), ("source_partition", text(String(partition))),
                ("source_offset", text(String(offset))), ("source_consumer_group", text("karafka_app")),
            ]
        case .karafkaOriginal:
            return [
                ("original_topic", text(topic)), ("original_partition", text(String(partition))),
                ("original_offset", text(String(offset))), ("original_consumer_group", text("karafka_app")),
            ]
        case .nameOnly:
            return []
        }
    }
}

/// One dead letter the reference client wrote: the original message, where it came from, and
/// the DLQ message carrying it.
struct PlantedDeadLetter {
    var fixture: DeadLetterFixture
    var originalTopic: String
    var dlqTopic: String
    /// Where the original message was (what the headers say); `nil` for name-only.
    var originalPartition: Int?
    var originalOffset: Int64?
    var key: [UInt8]?
    var value: [UInt8]?
    /// The application's own headers, in order: all a replay may carry besides its own two.
    var applicationHeaders: [TailedRecord.HeaderPair]
    var timestamp: Int64
    /// Where the dead letter landed in the DLQ topic.
    var dlqPartition = 0
    var dlqOffset: Int64 = -1

    /// The DLQ message: application headers around the producer's, as a hop through a DLQ
    /// producer leaves them (the original's first, some added after).
    func message(partition: Int) -> KafkaTestBroker.Message {
        let application = applicationHeaders.map { ($0.name, $0.value) }
        let deadLetter = fixture.headers(
            topic: originalTopic, partition: originalPartition ?? 0, offset: originalOffset ?? 0, timestamp: timestamp - 5_000)
        return .init(
            partition: partition, key: key, value: value, headers: [application[0]] + deadLetter + application.dropFirst(),
            timestamp: timestamp)
    }

    /// `dlq/partition/offset`, as `evmon-replay-of` names it.
    var id: String { "\(dlqTopic)/\(dlqPartition)/\(dlqOffset)" }
}

extension PlantedDeadLetter {
    /// A value no UTF-8 decoder accepts, to check bytes go through untouched.
    static let binaryValue: [UInt8] = [0xff, 0xfe, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x80, 0x0a]

    /// Creates the original topic (empty) and the DLQ topic (2 partitions) and writes `count`
    /// dead letters into the DLQ's partition 1 with the reference client: the first with a JSON
    /// value, the second with a binary key and value, then JSON again.
    static func plant(
        _ fixture: DeadLetterFixture, count: Int = 3, originalPartitions: [Int] = [2, 2, 1], originalPartitionCount: Int = 3,
        bootstrap: String? = nil
    ) async throws -> [PlantedDeadLetter] {
        let original = KafkaTestBroker.uniqueTopic("orders-\(fixture.rawValue.lowercased())")
        let dlq = fixture.dlqTopic(for: original)
        try await KafkaTestBroker.produce([], topic: original, createPartitions: originalPartitionCount, bootstrap: bootstrap)
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
        var planted = (0..<count).map { index in
            let binary = index == 1
            return PlantedDeadLetter(
                fixture: fixture, originalTopic: original, dlqTopic: dlq,
                originalPartition: fixture.namesOrigin ? originalPartitions[index % originalPartitions.count] : nil,
                originalOffset: fixture.namesOrigin ? 41 + Int64(index) * 1_000 : nil,
                key: binary ? [0x00, 0xff, 0x10] : Array("order-\(index)".utf8),
                value: binary ? binaryValue : Array(#"{"orderId":"order-\#(index)","total":-3,"items":[{"sku":"SKU-1030","qty":2}]}"#.utf8),
                applicationHeaders: [
                    .init(name: "traceparent", value: Array("00-4bf92f3577b34da6a3ce929d0e0e47\(36 + index)-00f067aa0ba902b7-01".utf8)),
                    .init(name: "content-type", value: Array((binary ? "application/octet-stream" : "application/json").utf8)),
                    // Named like Karafka's headers, but the application's: a replay keeps it.
                    .init(name: "source_system", value: Array("webshop".utf8)),
                ],
                timestamp: base + Int64(index) * 1_000)
        }
        // One by one: Tansu's high watermark stops at the first record of a multi-record batch
        // (confluent-kafka sees it too), which would hide the later dead letters.
        let landed = try await KafkaTestBroker.produce(
            planted.map { $0.message(partition: 1) }, topic: dlq, createPartitions: 2, oneByOne: true, bootstrap: bootstrap)
        for index in planted.indices {
            planted[index].dlqPartition = landed[index].0
            planted[index].dlqOffset = landed[index].1
        }
        return planted
    }
}

/// What the reference client read from one partition.
struct ReferencePartition {
    var low: Int64
    var high: Int64
    var messages: [Message]

    struct Message {
        var offset: Int64
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [TailedRecord.HeaderPair]

        func header(_ name: String) -> String? {
            headers.first { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Reads `topic`/`partition` from `offset` to its end with `consume.py`.
    static func read(_ topic: String, partition: Int, from offset: Int64 = 0, bootstrap: String? = nil) async throws -> ReferencePartition {
        let output = try await KafkaTestBroker.python(
            "consume.py", [try bootstrap ?? KafkaTestBroker.bootstrap(), topic, String(partition), String(offset)])
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        func bytes(_ field: Any?) throws -> [UInt8]? {
            guard let encoded = field as? String else { return nil }
            return Array(try #require(Data(base64Encoded: encoded)))
        }
        let messages = try #require(object["messages"] as? [[String: Any]]).map { message in
            Message(
                offset: try #require((message["offset"] as? NSNumber)?.int64Value), key: try bytes(message["key"]),
                value: try bytes(message["value"]),
                headers: try #require(message["headers"] as? [[Any]]).map {
                    TailedRecord.HeaderPair(name: try #require($0[0] as? String), value: try bytes($0[1]))
                })
        }
        return ReferencePartition(
            low: try #require((object["low"] as? NSNumber)?.int64Value), high: try #require((object["high"] as? NSNumber)?.int64Value),
            messages: messages)
    }

    /// The end offsets of partitions `0..<count`, from `commit.py` committing nothing.
    static func ends(_ topic: String, partitions count: Int, bootstrap: String? = nil) async throws -> [Int64] {
        let output = try await KafkaTestBroker.python(
            "commit.py", [try bootstrap ?? KafkaTestBroker.bootstrap(), "evmon-tests-never-commits", topic, String(count)])
        let ends = try #require(try JSONSerialization.jsonObject(with: output) as? [String: [String: Int]])["ends"]
        return try (0..<count).map { Int64(try #require(ends?[String($0)])) }
    }
}

/// A fresh `$XDG_STATE_HOME`, so each test has an audit log of its own.
struct ReplayState {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-dlq-state-\(UUID().uuidString)").path

    var environment: [String: String] { ["XDG_STATE_HOME": folder] }
    var auditLogPath: String { folder + "/evmon/replays.jsonl" }

    /// The audit log's lines, decoded; none when evmon never wrote it.
    func auditLog() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: auditLogPath) else { return [] }
        return try jsonObjects(try String(contentsOfFile: auditLogPath, encoding: .utf8))
    }
}

/// Each line of `text` as a JSON object.
func jsonObjects(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
    }
}

/// Big-endian bytes, as Spring writes partitions (4 bytes), offsets and timestamps (8 bytes).
func bigEndian<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian, Array.init)
}
