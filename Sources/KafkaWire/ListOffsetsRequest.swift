import NIOCore

/// ListOffsets (key 2): an offset per partition for a time, or earliest (−2) / latest (−1).
public struct ListOffsetsRequest: KafkaRequest {
    public static let api = KafkaApi.listOffsets
    /// The log start offset.
    public static let earliest: Int64 = -2
    /// The high watermark (read_uncommitted).
    public static let latest: Int64 = -1

    /// One partition and the time asked for.
    public struct Partition: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var timestamp: Int64

        public init(topic: String, partition: Int32, timestamp: Int64) {
            self.topic = topic
            self.partition = partition
            self.timestamp = timestamp
        }
    }

    public var partitions: [Partition]

    public init(partitions: [Partition]) {
        self.partitions = partitions
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeInteger(Int32(-1))  // replica_id: a consumer
        if version >= 2 { buffer.writeInteger(Int8(0)) }  // read_uncommitted
        let byTopic = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }
        buffer.writeArrayCount(byTopic.count, flexible: flexible)
        for (topic, items) in byTopic {
            buffer.writeKafkaString(topic, flexible: flexible)
            buffer.writeArrayCount(items.count, flexible: flexible)
            for item in items {
                buffer.writeInteger(item.partition)
                if version >= 4 { buffer.writeInteger(Int32(-1)) }  // current_leader_epoch: unknown
                buffer.writeInteger(item.timestamp)
                buffer.writeEmptyTaggedFields(flexible: flexible)
            }
            buffer.writeEmptyTaggedFields(flexible: flexible)
        }
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
