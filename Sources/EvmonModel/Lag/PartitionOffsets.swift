/// A consumer group's position on one partition, as polled from the broker.
public struct PartitionOffsets: Sendable, Equatable {
    public var topicPartition: TopicPartition
    /// The group's committed offset (next to consume); `nil` when the group never committed here.
    public var committed: Offset?
    /// The partition's end (high watermark; Redis last id; NATS last sequence).
    public var end: Offset?
    /// Lag as the broker itself reports it (Redis `XINFO GROUPS` lag, NATS pending counts).
    /// `nil` means "compute it from the offsets" (Kafka).
    public var reportedLag: Int64?
    /// When the group last committed here (epoch ms), where the broker tells.
    public var lastCommitAt: Int64?

    public init(
        topicPartition: TopicPartition, committed: Offset?, end: Offset?,
        reportedLag: Int64? = nil, lastCommitAt: Int64? = nil
    ) {
        self.topicPartition = topicPartition
        self.committed = committed
        self.end = end
        self.reportedLag = reportedLag
        self.lastCommitAt = lastCommitAt
    }

    /// Messages the group still has to consume; `nil` when unknown.
    ///
    /// No commit means unknown, never zero: a group that never committed may be far behind.
    public var lag: Int64? {
        if let reportedLag { return reportedLag }
        guard let committed, let end, let distance = committed.distance(to: end) else { return nil }
        // A commit beyond the end (end read before the commit landed) is caught up, not negative.
        return max(0, distance)
    }
}

/// One consumer group's positions on every partition it consumes.
public struct ConsumerGroupSnapshot: Sendable, Equatable {
    public var group: String
    /// The broker's word for the group's state (`Stable`, `Empty`, …), where it has one.
    public var state: String?
    public var partitions: [PartitionOffsets]

    public init(group: String, state: String? = nil, partitions: [PartitionOffsets]) {
        self.group = group
        self.state = state
        self.partitions = partitions
    }

    /// The sum of known lags; `nil` when no partition's lag is known.
    public var totalLag: Int64? {
        let known = partitions.compactMap(\.lag)
        return known.isEmpty ? nil : known.clampedSum()
    }
}
