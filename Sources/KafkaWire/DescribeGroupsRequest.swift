import NIOCore

/// DescribeGroups (key 15): state and members (with subscriptions and assignments).
public struct DescribeGroupsRequest: KafkaRequest {
    public static let api = KafkaApi.describeGroups
    public var groups: [String]

    public init(groups: [String]) {
        self.groups = groups
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeArrayCount(groups.count, flexible: flexible)
        for group in groups { buffer.writeKafkaString(group, flexible: flexible) }
        if version >= 3 { buffer.writeKafkaBool(false) }
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
