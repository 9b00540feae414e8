import NIOCore

/// Produce (key 0) of one record batch to one partition, acks=all.
public struct ProduceRequest: KafkaRequest {
    public static let api = KafkaApi.produce
    public var topic: String
    public var partition: Int32
    /// An encoded record batch (`RecordBatchEncoder`).
    public var records: ByteBuffer
    public var timeoutMilliseconds: Int32

    public init(topic: String, partition: Int32, records: ByteBuffer, timeoutMilliseconds: Int32 = 30_000) {
        self.topic = topic
        self.partition = partition
        self.records = records
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeKafkaString(nil, flexible: flexible)  // transactional_id
        buffer.writeInteger(Int16(-1))  // acks: all in-sync replicas
        buffer.writeInteger(timeoutMilliseconds)
        buffer.writeArrayCount(1, flexible: flexible)
        buffer.writeKafkaString(topic, flexible: flexible)
        buffer.writeArrayCount(1, flexible: flexible)
        buffer.writeInteger(partition)
        buffer.writeKafkaBytes(records, flexible: flexible)
        buffer.writeEmptyTaggedFields(flexible: flexible)
        buffer.writeEmptyTaggedFields(flexible: flexible)
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
