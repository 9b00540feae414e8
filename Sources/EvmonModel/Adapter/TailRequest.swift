/// What to tail: topics, optionally some partitions, from where.
public struct TailRequest: Sendable, Equatable {
    /// Each topic once, in the order first named (`tail T T` reads T once).
    public var topics: [String]
    /// Only these partitions; `nil` for all.
    public var partitions: Set<Int>?
    public var start: StartPosition
    /// Most records in one batch the adapter delivers.
    public var maxBatchSize: Int

    public init(topics: [String], partitions: Set<Int>? = nil, start: StartPosition, maxBatchSize: Int = 500) {
        self.topics = topics.uniqued()
        self.partitions = partitions
        self.start = start
        self.maxBatchSize = maxBatchSize
    }
}

/// What a tail delivers.
public enum TailEvent: Sendable, Equatable {
    /// Records of one partition, in offset order.
    case records(RecordBatch)
    /// The partition reached its end: the end it had when the tail started, or an earlier one
    /// the broker reports. Sent once per partition; `-e` stops when all have.
    case caughtUp(TopicPartition)
    /// The connection changed while tailing (reconnecting after a broker restart, …).
    case connection(ConnectionState)
    /// The partition starts elsewhere than the request asked: the position asked for is gone
    /// (retention) or past the end. `reason` says where it starts and why; sent before its records.
    case startMoved(TopicPartition, reason: String)
    /// This partition cannot be read any further (a corrupt batch, an error no retry fixes);
    /// the other partitions keep streaming.
    case partitionFailed(TopicPartition, reason: String)
    /// Something people should know about what is read, said once (the schema registry cannot
    /// be reached: values stay raw until it answers again). Nothing stops.
    case notice(String)
}

/// A message to write (a DLQ replay, a re-produce).
public struct OutgoingMessage: Sendable, Equatable {
    public var topic: String
    /// Explicit partition; `nil` lets the adapter choose (murmur2 of the key, as Java clients do).
    public var partition: Int?
    public var key: [UInt8]?
    public var headers: [Header]
    public var value: [UInt8]?

    public init(topic: String, partition: Int? = nil, key: [UInt8]?, headers: [Header] = [], value: [UInt8]?) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.headers = headers
        self.value = value
    }
}

/// Where a produced message landed.
public struct ProducedPosition: Sendable, Equatable {
    public var topicPartition: TopicPartition
    public var offset: Offset

    public init(topicPartition: TopicPartition, offset: Offset) {
        self.topicPartition = topicPartition
        self.offset = offset
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each only where it first appears.
    public func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
