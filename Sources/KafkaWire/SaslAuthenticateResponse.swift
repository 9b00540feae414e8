/// The outcome of one SASL round.
public struct SaslAuthenticateResponse: KafkaResponse, Equatable {
    public var errorCode: Int16
    public var errorMessage: String?
    /// The mechanism's next challenge (SCRAM's server-first and server-final messages).
    public var authBytes: [UInt8]
    /// How long the broker keeps the session before the client must authenticate again
    /// (KIP-368, v1+); 0 when it never asks.
    public var sessionLifetimeMilliseconds: Int64

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        errorCode = try reader.int16()
        errorMessage = try reader.nullableString()
        authBytes = Array(try reader.bytes().readableBytesView)
        sessionLifetimeMilliseconds = version >= 1 ? try reader.int64() : 0
        try reader.taggedFields()
    }
}
