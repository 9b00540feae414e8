/// Where the produced batch landed (one partition).
public struct ProduceResponse: KafkaResponse, Equatable {
    public var errorCode: Int16
    public var baseOffset: Int64
    public var errorMessage: String?

    public init(errorCode: Int16 = 0, baseOffset: Int64, errorMessage: String? = nil) {
        self.errorCode = errorCode
        self.baseOffset = baseOffset
        self.errorMessage = errorMessage
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        // One message is produced at a time (replays), so the first partition's answer is the answer.
        let answers = try reader.topicPartitions { (_, item: inout KafkaReader) throws(KafkaWireError) -> (Int16, Int64, String?) in
            _ = try item.int32()
            let errorCode = try item.int16()
            let baseOffset = try item.int64()
            _ = try item.int64()  // log_append_time_ms
            if version >= 5 { _ = try item.int64() }
            var message: String?
            if version >= 8 {
                _ = try item.array { (error: inout KafkaReader) throws(KafkaWireError) in
                    _ = try error.int32()
                    _ = try error.nullableString()
                    try error.taggedFields()
                }
                message = try item.nullableString()
            }
            return (errorCode, baseOffset, message)
        }
        let first = answers.first
        guard let first else { throw .malformed("Produce response names no partition") }
        (errorCode, baseOffset, errorMessage) = first
        _ = try reader.int32()
        try reader.taggedFields()
    }
}
