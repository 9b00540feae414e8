import NIOCore

/// Groups with their state and the topics their members subscribe to or are assigned.
public struct DescribeGroupsResponse: KafkaResponse, Equatable {
    /// One group; `topics` joins every consumer member's subscription and assignment.
    public struct Group: Sendable, Equatable {
        public var errorCode: Int16
        public var groupID: String
        public var state: String
        public var protocolType: String
        public var topics: Set<String>

        public init(errorCode: Int16 = 0, groupID: String, state: String, protocolType: String = "consumer", topics: Set<String>) {
            self.errorCode = errorCode
            self.groupID = groupID
            self.state = state
            self.protocolType = protocolType
            self.topics = topics
        }
    }

    public var groups: [Group]

    public init(groups: [Group]) {
        self.groups = groups
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 1 { _ = try reader.int32() }
        groups = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> Group in
            let errorCode = try entry.int16()
            let groupID = try entry.string()
            let state = try entry.string()
            let protocolType = try entry.string()
            _ = try entry.string()  // protocol_data: the assignor
            var topics: Set<String> = []
            _ = try entry.array { (member: inout KafkaReader) throws(KafkaWireError) in
                _ = try member.string()  // member_id
                if version >= 4 { _ = try member.nullableString() }
                _ = try member.string()  // client_id
                _ = try member.string()  // client_host
                let metadata = try member.bytes()
                let assignment = try member.bytes()
                try member.taggedFields()
                if protocolType == "consumer" {
                    // Consumer-protocol blobs from other clients: read what parses, ignore the rest.
                    topics.formUnion((try? ConsumerProtocol.subscribedTopics(metadata)) ?? [])
                    topics.formUnion((try? ConsumerProtocol.assignedTopics(assignment)) ?? [])
                }
            }
            if version >= 3 { _ = try entry.int32() }
            try entry.taggedFields()
            return Group(errorCode: errorCode, groupID: groupID, state: state, protocolType: protocolType, topics: topics)
        }
        try reader.taggedFields()
    }
}
