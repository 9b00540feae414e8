/// Brokers and topic layouts, as one broker knows them.
public struct MetadataResponse: KafkaResponse, Equatable {
    /// One broker's address.
    public struct Broker: Sendable, Equatable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32

        public init(nodeID: Int32, host: String, port: Int32) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
        }
    }

    /// One partition's leader.
    public struct Partition: Sendable, Equatable {
        public var errorCode: Int16
        public var index: Int32
        public var leaderID: Int32
        public var leaderEpoch: Int32

        public init(errorCode: Int16 = 0, index: Int32, leaderID: Int32, leaderEpoch: Int32 = -1) {
            self.errorCode = errorCode
            self.index = index
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
        }
    }

    /// One topic.
    public struct Topic: Sendable, Equatable {
        public var errorCode: Int16
        public var name: String
        public var isInternal: Bool
        public var partitions: [Partition]

        public init(errorCode: Int16 = 0, name: String, isInternal: Bool = false, partitions: [Partition]) {
            self.errorCode = errorCode
            self.name = name
            self.isInternal = isInternal
            self.partitions = partitions
        }
    }

    public var brokers: [Broker]
    public var controllerID: Int32
    public var topics: [Topic]

    public init(brokers: [Broker], controllerID: Int32 = -1, topics: [Topic]) {
        self.brokers = brokers
        self.controllerID = controllerID
        self.topics = topics
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 3 { _ = try reader.int32() }
        brokers = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> Broker in
            let nodeID = try entry.int32()
            let host = try entry.string()
            let port = try entry.int32()
            if version >= 1 { _ = try entry.nullableString() }
            try entry.taggedFields()
            return Broker(nodeID: nodeID, host: host, port: port)
        }
        if version >= 2 { _ = try reader.nullableString() }
        controllerID = version >= 1 ? try reader.int32() : -1
        topics = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> Topic in
            let errorCode = try entry.int16()
            let name = try entry.nullableString() ?? ""
            if version >= 10 { _ = try entry.uuid() }
            let isInternal = version >= 1 ? try entry.bool() : false
            let partitions = try entry.array { (item: inout KafkaReader) throws(KafkaWireError) -> Partition in
                let errorCode = try item.int16()
                let index = try item.int32()
                let leaderID = try item.int32()
                let leaderEpoch = version >= 7 ? try item.int32() : -1
                _ = try item.array { (node: inout KafkaReader) throws(KafkaWireError) in try node.int32() }
                _ = try item.array { (node: inout KafkaReader) throws(KafkaWireError) in try node.int32() }
                if version >= 5 { _ = try item.array { (node: inout KafkaReader) throws(KafkaWireError) in try node.int32() } }
                try item.taggedFields()
                return Partition(errorCode: errorCode, index: index, leaderID: leaderID, leaderEpoch: leaderEpoch)
            }
            if version >= 8 { _ = try entry.int32() }
            try entry.taggedFields()
            return Topic(errorCode: errorCode, name: name, isInternal: isInternal, partitions: partitions)
        }
        if (8...10).contains(version) { _ = try reader.int32() }
        try reader.taggedFields()
    }
}
