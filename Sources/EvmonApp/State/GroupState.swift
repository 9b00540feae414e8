import EvmonModel

/// One consumer group's lag, with history, per partition.
public struct GroupState: Sendable, Equatable {
    public var group: String
    /// The broker's word for the group's state.
    public var brokerState: String?
    public var partitions: [TopicPartition: PartitionLagHistory] = [:]
    /// When it was last polled (epoch ms).
    public var polledAt: Int64

    public init(group: String, brokerState: String?, polledAt: Int64) {
        self.group = group
        self.brokerState = brokerState
        self.polledAt = polledAt
    }

    /// Sum of known lags; `nil` when none is known.
    public var totalLag: Int64? {
        let known = partitions.values.compactMap(\.latest.lag)
        return known.isEmpty ? nil : known.clampedSum()
    }

    /// The worst health over the group's partitions.
    public var worstHealth: LagHealth {
        partitions.values.map(\.health).max { $0.severity < $1.severity } ?? .unknown
    }
}
