import NIOCore

/// ListGroups (key 16): the groups one broker coordinates.
public struct ListGroupsRequest: KafkaRequest {
    public static let api = KafkaApi.listGroups

    public init() {}

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        if version >= 4 { buffer.writeArrayCount(0, flexible: flexible) }  // states_filter: all
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
