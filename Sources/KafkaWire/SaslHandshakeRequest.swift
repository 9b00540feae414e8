import NIOCore

/// SaslHandshake (key 17) v1: picks the mechanism; SaslAuthenticate carries the exchange.
public struct SaslHandshakeRequest: KafkaRequest {
    public static let api = KafkaApi.saslHandshake
    public var mechanism: String

    public init(mechanism: String) {
        self.mechanism = mechanism
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(mechanism, flexible: false)
    }
}
