/// Groups a broker coordinates.
public struct ListGroupsResponse: KafkaResponse, Equatable {
    /// One group.
    public struct Group: Sendable, Equatable {
        public var groupID: String
        public var protocolType: String

        public init(groupID: String, protocolType: String) {
            self.groupID = groupID
            self.protocolType = protocolType
        }
    }

    public var errorCode: Int16
    public var groups: [Group]

    public init(errorCode: Int16 = 0, groups: [Group]) {
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 1 { _ = try reader.int32() }
        errorCode = try reader.int16()
        groups = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> Group in
            let groupID = try entry.string()
            let protocolType = try entry.string()
            if version >= 4 { _ = try entry.string() }
            try entry.taggedFields()
            return Group(groupID: groupID, protocolType: protocolType)
        }
        try reader.taggedFields()
    }
}
