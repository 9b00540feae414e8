import EvmonModel

/// The bounded history of one group's lag on one partition: for trend sparklines and health.
public struct PartitionLagHistory: Sendable, Equatable {
    /// Latest polled offsets.
    public private(set) var latest: PartitionOffsets
    /// Past polls, oldest first; bounded.
    public private(set) var samples: RingBuffer<LagSample>
    /// When the committed offset was last seen to change (or the broker's commit time).
    public private(set) var lastCommitAt: Int64?
    /// Health over the last `healthWindow` samples, as of the latest poll.
    public private(set) var health: LagHealth = .unknown
    private let healthWindow: Int

    public init(first: PartitionOffsets, at: Int64, capacity: Int, healthWindow: Int) {
        latest = first
        samples = RingBuffer(capacity: capacity)
        self.healthWindow = healthWindow
        record(first, at: at)
    }

    /// Adds a poll result.
    public mutating func record(_ offsets: PartitionOffsets, at: Int64) {
        let previous = samples.newest
        if let brokerTime = offsets.lastCommitAt {
            lastCommitAt = brokerTime
        } else if previous == nil || previous?.committed != offsets.committed {
            // Without a commit time from the broker, a changed offset is the only sign of a commit.
            lastCommitAt = offsets.committed == nil ? nil : at
        }
        latest = offsets
        samples.append(LagSample(
            at: at, committed: offsets.committed, end: offsets.end, lag: offsets.lag, lastCommitAt: lastCommitAt))
        health = LagHealth.evaluate(samples.suffix(healthWindow), now: at)
    }

    /// Lag values over time, oldest first (`nil` where unknown): the trend.
    public var trend: [Int64?] { samples.map(\.lag) }
}
