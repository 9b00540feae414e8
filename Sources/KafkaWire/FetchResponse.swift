import NIOCore

/// What Fetch returned: per partition an error, the high watermark, aborted transactions and the
/// raw record set (decoded separately by `RecordBatchDecoder`, so one corrupt partition does not
/// spoil the others).
public struct FetchResponse: KafkaResponse {
    /// A transaction that was aborted: its records from `firstOffset` on are not to be shown.
    public struct AbortedTransaction: Sendable, Equatable {
        public var producerID: Int64
        public var firstOffset: Int64

        public init(producerID: Int64, firstOffset: Int64) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }
    }

    /// One partition's answer.
    public struct Partition: Sendable {
        public var topic: String
        public var partition: Int32
        public var errorCode: Int16
        public var highWatermark: Int64
        public var logStartOffset: Int64
        public var abortedTransactions: [AbortedTransaction]
        public var records: ByteBuffer

        public init(
            topic: String, partition: Int32, errorCode: Int16 = 0, highWatermark: Int64, logStartOffset: Int64 = -1,
            abortedTransactions: [AbortedTransaction] = [], records: ByteBuffer
        ) {
            self.topic = topic
            self.partition = partition
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.records = records
        }
    }

    public var errorCode: Int16
    public var partitions: [Partition]

    public init(errorCode: Int16 = 0, partitions: [Partition]) {
        self.errorCode = errorCode
        self.partitions = partitions
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        _ = try reader.int32()  // throttle_time_ms
        errorCode = version >= 7 ? try reader.int16() : 0
        if version >= 7 { _ = try reader.int32() }  // session_id
        partitions = try reader.topicPartitions { (topic, item: inout KafkaReader) throws(KafkaWireError) in
            let partition = try item.int32()
            let errorCode = try item.int16()
            let highWatermark = try item.int64()
            _ = try item.int64()  // last_stable_offset
            let logStartOffset = version >= 5 ? try item.int64() : -1
            let aborted = try item.array { (entry: inout KafkaReader) throws(KafkaWireError) -> AbortedTransaction in
                let producerID = try entry.int64()
                let firstOffset = try entry.int64()
                try entry.taggedFields()
                return AbortedTransaction(producerID: producerID, firstOffset: firstOffset)
            }
            if version >= 11 { _ = try item.int32() }  // preferred_read_replica
            let records = try item.nullableBytes() ?? ByteBuffer()
            return Partition(
                topic: topic, partition: partition, errorCode: errorCode, highWatermark: highWatermark,
                logStartOffset: logStartOffset, abortedTransactions: aborted, records: records)
        }
        try reader.taggedFields()
    }
}
