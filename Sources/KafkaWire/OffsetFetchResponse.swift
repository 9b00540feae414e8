/// A group's committed offsets; `committedOffset` −1 means nothing committed there.
public struct OffsetFetchResponse: KafkaResponse, Equatable {
    /// One partition's commit.
    public struct Partition: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var committedOffset: Int64
        public var errorCode: Int16

        public init(topic: String, partition: Int32, committedOffset: Int64, errorCode: Int16 = 0) {
            self.topic = topic
            self.partition = partition
            self.committedOffset = committedOffset
            self.errorCode = errorCode
        }
    }

    public var errorCode: Int16
    public var partitions: [Partition]

    public init(errorCode: Int16 = 0, partitions: [Partition]) {
        self.errorCode = errorCode
        self.partitions = partitions
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 3 { _ = try reader.int32() }
        partitions = try reader.topicPartitions { (topic, item: inout KafkaReader) throws(KafkaWireError) in
            let partition = try item.int32()
            let offset = try item.int64()
            if version >= 5 { _ = try item.int32() }
            _ = try item.nullableString()
            let errorCode = try item.int16()
            return Partition(topic: topic, partition: partition, committedOffset: offset, errorCode: errorCode)
        }
        errorCode = version >= 2 ? try reader.int16() : 0
        try reader.taggedFields()
    }
}
