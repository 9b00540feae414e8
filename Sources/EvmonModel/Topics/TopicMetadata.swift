/// What a broker says about one topic (Kafka topic, Redis stream, NATS stream).
public struct TopicMetadata: Sendable, Equatable {
    public var name: String
    /// Partitions in id order; a single partition 0 for Redis and NATS.
    public var partitions: [PartitionMetadata]

    public init(name: String, partitions: [PartitionMetadata]) {
        self.name = name
        self.partitions = partitions
    }

    /// Messages held by the broker: the sum over partitions of end − start (or the broker's count).
    public var messageCount: Int64 {
        partitions.reduce(0) { $0.clampedAdding($1.messageCount) }
    }

    /// The partition with this id.
    public func partition(_ id: Int) -> PartitionMetadata? {
        partitions.first { $0.id == id }
    }
}

/// One partition's bounds.
public struct PartitionMetadata: Sendable, Equatable {
    public var id: Int
    /// First offset still held (log start).
    public var startOffset: Offset?
    /// Offset the next message will get (high watermark); for Redis the last entry id.
    public var endOffset: Offset?
    /// Messages held, when the broker counts them directly (Redis `XLEN`, NATS `messages`).
    public var reportedMessageCount: Int64?
    /// Messages ever written, when the broker counts them (Redis `entries-added`): unlike the
    /// count held, it keeps growing while a capped stream trims as fast as it is written.
    public var reportedWrittenCount: Int64?

    public init(id: Int, startOffset: Offset?, endOffset: Offset?, reportedMessageCount: Int64? = nil, reportedWrittenCount: Int64? = nil) {
        self.id = id
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.reportedMessageCount = reportedMessageCount
        self.reportedWrittenCount = reportedWrittenCount
    }

    /// Messages held: the broker's own count, else end − start.
    public var messageCount: Int64 {
        if let reportedMessageCount { return max(0, reportedMessageCount) }
        guard let startOffset, let endOffset, let distance = startOffset.distance(to: endOffset) else { return 0 }
        return max(0, distance)
    }
}

extension TopicMetadata {
    /// A count that only grows as messages are written: the sum of end offsets where they are
    /// sequences, else the broker's count of messages written, else the messages held. Rates
    /// are measured on it.
    public var writtenCount: Int64 {
        partitions.reduce(0) { total, partition in
            total.clampedAdding(partition.endOffset?.sequenceValue ?? partition.reportedWrittenCount ?? partition.messageCount)
        }
    }
}
