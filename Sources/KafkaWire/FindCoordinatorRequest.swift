import NIOCore

/// FindCoordinator (key 10) for a consumer group.
public struct FindCoordinatorRequest: KafkaRequest {
    public static let api = KafkaApi.findCoordinator
    public var group: String

    public init(group: String) {
        self.group = group
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeKafkaString(group, flexible: flexible)
        if version >= 1 { buffer.writeInteger(Int8(0)) }  // key_type: group
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
