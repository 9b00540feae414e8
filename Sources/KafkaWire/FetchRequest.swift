import NIOCore

/// Fetch (key 1), as a consumer outside any fetch session, read_uncommitted.
public struct FetchRequest: KafkaRequest {
    public static let api = KafkaApi.fetch

    /// One partition to read from `offset`.
    public struct Partition: Sendable, Equatable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        public var maximumBytes: Int32

        public init(topic: String, partition: Int32, offset: Int64, maximumBytes: Int32) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.maximumBytes = maximumBytes
        }
    }

    public var partitions: [Partition]
    public var maximumWaitMilliseconds: Int32
    public var minimumBytes: Int32
    public var maximumBytes: Int32

    public init(partitions: [Partition], maximumWaitMilliseconds: Int32, minimumBytes: Int32 = 1, maximumBytes: Int32) {
        self.partitions = partitions
        self.maximumWaitMilliseconds = maximumWaitMilliseconds
        self.minimumBytes = minimumBytes
        self.maximumBytes = maximumBytes
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.api.isFlexible(version)
        buffer.writeInteger(Int32(-1))  // replica_id: a consumer
        buffer.writeInteger(maximumWaitMilliseconds)
        buffer.writeInteger(minimumBytes)
        buffer.writeInteger(maximumBytes)
        buffer.writeInteger(Int8(0))  // isolation: read_uncommitted
        if version >= 7 {
            buffer.writeInteger(Int32(0))  // session_id: none
            buffer.writeInteger(Int32(-1))  // session_epoch: full fetch, no session
        }
        // Topics in first-seen order, partitions in the order given.
        var order: [String] = []
        var byTopic: [String: [Partition]] = [:]
        for item in partitions {
            if byTopic[item.topic] == nil { order.append(item.topic) }
            byTopic[item.topic, default: []].append(item)
        }
        buffer.writeArrayCount(order.count, flexible: flexible)
        for topic in order {
            buffer.writeKafkaString(topic, flexible: flexible)
            let items = byTopic[topic]!
            buffer.writeArrayCount(items.count, flexible: flexible)
            for item in items {
                buffer.writeInteger(item.partition)
                if version >= 9 { buffer.writeInteger(Int32(-1)) }  // current_leader_epoch
                buffer.writeInteger(item.offset)
                if version >= 12 { buffer.writeInteger(Int32(-1)) }  // last_fetched_epoch
                if version >= 5 { buffer.writeInteger(Int64(-1)) }  // log_start_offset: consumers send −1
                buffer.writeInteger(item.maximumBytes)
                buffer.writeEmptyTaggedFields(flexible: flexible)
            }
            buffer.writeEmptyTaggedFields(flexible: flexible)
        }
        if version >= 7 { buffer.writeArrayCount(0, flexible: flexible) }  // forgotten_topics_data
        if version >= 11 { buffer.writeKafkaString("", flexible: flexible) }  // rack_id
        buffer.writeEmptyTaggedFields(flexible: flexible)
    }
}
