import EvmonModel

/// A producer's way of writing dead letters: which headers carry the origin and the reason.
///
/// The tables follow docs/BROKERS.md. Binary conventions (Spring) write partition, offset and
/// timestamp as big-endian integers; the others write decimal text.
public struct DeadLetterConvention: Sendable, Equatable {
    /// The name `dlq list` reports (`spring`, `kafka-connect`, …).
    public var name: String
    public var originalTopic: [String]
    public var originalPartition: [String]
    public var originalOffset: [String]
    public var originalTimestamp: [String]
    public var exceptionClass: [String]
    public var exceptionMessage: [String]
    public var stackTrace: [String]
    /// True when partition, offset and timestamp are big-endian binary integers.
    public var binaryCoordinates: Bool

    /// Every known convention, most specific first.
    public static let known: [DeadLetterConvention] = [
        DeadLetterConvention(
            name: "spring", originalTopic: ["kafka_dlt-original-topic"],
            originalPartition: ["kafka_dlt-original-partition"], originalOffset: ["kafka_dlt-original-offset"],
            originalTimestamp: ["kafka_dlt-original-timestamp"],
            exceptionClass: ["kafka_dlt-exception-cause-fqcn", "kafka_dlt-exception-fqcn"],
            exceptionMessage: ["kafka_dlt-exception-message"], stackTrace: ["kafka_dlt-exception-stacktrace"],
            binaryCoordinates: true),
        DeadLetterConvention(
            name: "spring-cloud-stream", originalTopic: ["x-original-topic"],
            originalPartition: ["x-original-partition"], originalOffset: ["x-original-offset"],
            originalTimestamp: ["x-original-timestamp"], exceptionClass: ["x-exception-fqcn"],
            exceptionMessage: ["x-exception-message"], stackTrace: ["x-exception-stacktrace"],
            binaryCoordinates: true),
        DeadLetterConvention(
            name: "kafka-connect", originalTopic: ["__connect.errors.topic"],
            originalPartition: ["__connect.errors.partition"], originalOffset: ["__connect.errors.offset"],
            originalTimestamp: [], exceptionClass: ["__connect.errors.exception.class.name"],
            exceptionMessage: ["__connect.errors.exception.message"],
            stackTrace: ["__connect.errors.exception.stacktrace"], binaryCoordinates: false),
        DeadLetterConvention(
            name: "smallrye", originalTopic: ["dead-letter-topic"],
            originalPartition: ["dead-letter-partition"], originalOffset: ["dead-letter-offset"],
            originalTimestamp: [], exceptionClass: ["dead-letter-cause-class-name", "dead-letter-exception-class-name"],
            exceptionMessage: ["dead-letter-reason", "dead-letter-cause"], stackTrace: [], binaryCoordinates: false),
        DeadLetterConvention(
            name: "karafka", originalTopic: ["original_topic", "source_topic"],
            originalPartition: ["original_partition", "source_partition"],
            originalOffset: ["original_offset", "source_offset"], originalTimestamp: [],
            exceptionClass: [], exceptionMessage: [], stackTrace: [], binaryCoordinates: false),
    ]

    /// The convention whose headers the record carries (the most specific first), if any.
    public static func recognized(in record: Record) -> DeadLetterConvention? {
        known.first { convention in
            convention.originalTopic.contains { record.firstHeader(named: $0) != nil }
                || convention.exceptionMessage.contains { record.firstHeader(named: $0) != nil }
        }
    }

    /// Headers holding big-endian binary integers.
    public static let binaryHeaderNames: Set<String> = Set(known.filter(\.binaryCoordinates).flatMap { convention in
        let names: [String] = convention.originalPartition + convention.originalOffset
        return names + convention.originalTimestamp
    })
}
