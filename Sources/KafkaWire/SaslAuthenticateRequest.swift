import NIOCore

/// SaslAuthenticate (key 36): one round of the SASL exchange.
public struct SaslAuthenticateRequest: KafkaRequest {
    public static let api = KafkaApi.saslAuthenticate
    public var authBytes: [UInt8]

    public init(authBytes: [UInt8]) {
        self.authBytes = authBytes
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeKafkaBytes(ByteBuffer(bytes: authBytes), flexible: flexible)
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
