import EvmonModel

/// Messages per second over time, from successive observations of a growing count.
///
/// Fed with the topic's total end offset at each metadata refresh, so a rate is known even for
/// topics evmon is not tailing. Holds a bounded number of samples for sparklines.
public struct RateHistory: Sendable, Equatable {
    /// A rate measured between two observations.
    public struct Sample: Sendable, Equatable {
        /// When the later observation was made (epoch ms).
        public var at: Int64
        public var messagesPerSecond: Double
    }

    private struct Observation: Sendable, Equatable {
        var at: Int64
        var total: Int64
    }

    private var lastObservation: Observation?
    /// Rates, oldest first.
    public private(set) var samples: RingBuffer<Sample>

    public init(capacity: Int = 60) {
        samples = RingBuffer(capacity: capacity)
    }

    /// Records that `total` messages had been written by time `at`.
    public mutating func observe(total: Int64, at: Int64) {
        defer { lastObservation = Observation(at: at, total: total) }
        guard let last = lastObservation, at > last.at else { return }
        // A shrinking total means retention or a recreated topic, not negative traffic.
        let written = max(0, total.clampedSubtracting(last.total))
        samples.append(Sample(at: at, messagesPerSecond: Double(written) * 1000 / Double(at.clampedSubtracting(last.at))))
    }

    /// The most recent rate, or 0 before two observations.
    public var current: Double { samples.newest?.messagesPerSecond ?? 0 }
}
