/// The outcome of one SASL round.
public struct SaslAuthenticateResponse: KafkaResponse, Equatable {
    public var errorCode: Int16
    public var errorMessage: String?

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        errorCode = try reader.int16()
        errorMessage = try reader.nullableString()
        _ = try reader.bytes()
        if version >= 1 { _ = try reader.int64() }
        try reader.taggedFields()
    }
}
