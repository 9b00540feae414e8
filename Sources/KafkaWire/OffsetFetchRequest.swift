import NIOCore

/// OffsetFetch (key 9): a group's committed offsets; `topics == nil` asks for all of them.
public struct OffsetFetchRequest: KafkaRequest {
    public static let api = KafkaApi.offsetFetch
    public var group: String
    public var topics: [String: [Int32]]?

    public init(group: String, topics: [String: [Int32]]? = nil) {
        self.group = group
        self.topics = topics
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeKafkaString(group, flexible: flexible)
        let sorted = topics?.sorted { $0.key < $1.key }
        buffer.writeArrayCount(sorted?.count, flexible: flexible)
        for (topic, partitions) in sorted ?? [] {
            buffer.writeKafkaString(topic, flexible: flexible)
            buffer.writeArrayCount(partitions.count, flexible: flexible)
            for partition in partitions { buffer.writeInteger(partition) }
            buffer.writeEmptyTaggedFields(flexible: flexible)
        }
        if version >= 7 { buffer.writeKafkaBool(false) }  // require_stable
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
