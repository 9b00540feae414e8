import NIOCore

/// Metadata (key 3): brokers, and topics with their partitions' leaders.
public struct MetadataRequest: KafkaRequest {
    public static let api = KafkaApi.metadata
    /// `nil` for every topic.
    public var topics: [String]?

    public init(topics: [String]?) {
        self.topics = topics
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeArrayCount(topics?.count, flexible: flexible)
        for topic in topics ?? [] {
            if version >= 10 { buffer.writeRepeatingByte(0, count: 16) }
            buffer.writeKafkaString(topic, flexible: flexible)
            buffer.writeEmptyTaggedFields(flexible: flexible)
        }
        if version >= 4 { buffer.writeKafkaBool(false) }  // allow_auto_topic_creation: observers create nothing
        if (8...10).contains(version) { buffer.writeKafkaBool(false) }
        if version >= 8 { buffer.writeKafkaBool(false) }
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
