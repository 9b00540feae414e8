import NIOCore

/// The consumer protocol's member blobs (never flexible): subscriptions and assignments.
public enum ConsumerProtocol {
    /// `version i16, topics [string], user_data bytes, …`: the topics.
    public static func subscribedTopics(_ metadata: ByteBuffer) throws(KafkaWireError) -> Set<String> {
        guard metadata.readableBytes > 0 else { return [] }
        var reader = KafkaReader(metadata, flexible: false)
        _ = try reader.int16()
        return Set(try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) in try entry.string() })
    }

    /// `version i16, [topic string, partitions [i32]], user_data bytes`: the topics.
    public static func assignedTopics(_ assignment: ByteBuffer) throws(KafkaWireError) -> Set<String> {
        guard assignment.readableBytes > 0 else { return [] }
        var reader = KafkaReader(assignment, flexible: false)
        _ = try reader.int16()
        return Set(try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> String in
            let topic = try entry.string()
            _ = try entry.array { (item: inout KafkaReader) throws(KafkaWireError) in try item.int32() }
            return topic
        })
    }
}
