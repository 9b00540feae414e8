import NIOCore

/// ApiVersions (key 18): which APIs and versions the broker speaks.
public struct ApiVersionsRequest: KafkaRequest {
    public static let api = KafkaApi.apiVersions

    public init() {}

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        guard version >= 3 else { return }
        buffer.writeKafkaString("evmon", flexible: true)
        buffer.writeKafkaString("1", flexible: true)
        buffer.writeEmptyTaggedFields(flexible: true)
    }
}
