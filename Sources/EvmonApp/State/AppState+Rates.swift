import EvmonModel

/// The one rate the status bar shows, and what it is a rate of.
public enum StatusRate: Sendable, Equatable {
    /// evmon is reading what the streamed topics already hold: how fast it takes messages in.
    case catchingUp(messagesPerSecond: Double)
    /// Every streamed partition reached its end: how fast the broker is writing to those topics
    /// (all topics when none is streamed), from its counts.
    case broker(messagesPerSecond: Double)
}

extension AppState {
    /// Whether a streamed topic still has a partition that has not reached its end (nor failed).
    public var isCatchingUp: Bool {
        view.stream.topics.contains { name in
            guard let topic = topics[name] else { return false }
            return topic.metadata.partitions.contains { partition in
                !topic.caughtUpPartitions.contains(partition.id) && topic.failedPartitions[partition.id] == nil
            }
        }
    }

    /// The status bar's rate: evmon's intake while it catches up, the broker's rate after.
    public var statusRate: StatusRate {
        if isCatchingUp { return .catchingUp(messagesPerSecond: ingestRate.current) }
        let streamed = view.stream.topics.compactMap { topics[$0] }
        let measured = streamed.isEmpty ? Array(topics.values) : streamed
        return .broker(messagesPerSecond: measured.reduce(0) { $0 + $1.rate.current })
    }
}
