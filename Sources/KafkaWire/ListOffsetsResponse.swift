/// The offsets ListOffsets found, per partition.
public struct ListOffsetsResponse: KafkaResponse, Equatable {
    /// One partition's answer; `offset` is −1 when no message is at or after the time.
    public struct Partition: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var errorCode: Int16
        public var timestamp: Int64
        public var offset: Int64

        public init(topic: String, partition: Int32, errorCode: Int16 = 0, timestamp: Int64 = -1, offset: Int64) {
            self.topic = topic
            self.partition = partition
            self.errorCode = errorCode
            self.timestamp = timestamp
            self.offset = offset
        }
    }

    public var partitions: [Partition]

    public init(partitions: [Partition]) {
        self.partitions = partitions
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 2 { _ = try reader.int32() }
        partitions = try reader.topicPartitions { (topic, item: inout KafkaReader) throws(KafkaWireError) in
            let partition = try item.int32()
            let errorCode = try item.int16()
            let timestamp = try item.int64()
            let offset = try item.int64()
            if version >= 4 { _ = try item.int32() }
            return Partition(topic: topic, partition: partition, errorCode: errorCode, timestamp: timestamp, offset: offset)
        }
        try reader.taggedFields()
    }
}
