import EvmonModel

/// How one replay ended.
public enum ReplayOutcome: Sendable, Equatable {
    /// The broker stored it here.
    case replayed(ProducedPosition)
    /// The broker refused it (its error); nothing was written.
    case failed(String)
    /// Sent, but no answer came: it may or may not have been written.
    case unknown(String)

    /// The audit log's word for it.
    public var name: String {
        switch self {
        case .replayed: "replayed"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }

    /// One line for people.
    public var description: String {
        switch self {
        case .replayed(let position): "replayed to \(position.topicPartition.topic)/\(position.topicPartition.partition)@\(position.offset)"
        case .failed(let reason): "failed: \(reason)"
        case .unknown(let reason): "outcome unknown: \(reason)"
        }
    }
}

/// What the audit log says about one dead letter's replays.
public struct ReplayMark: Sendable, Equatable {
    /// Where the last confirmed replay landed, and when.
    public var replayed: ProducedPosition?
    public var replayedAt: Int64?
    /// When an attempt last ended without an answer (or never ended: evmon stopped mid-send).
    public var unknownAt: Int64?
    /// The last refusal's reason.
    public var lastFailure: String?

    public init() {}

    /// True when the broker confirmed a replay.
    public var isReplayed: Bool { replayed != nil }

    /// The warning a further replay gets: it may duplicate what an earlier one wrote.
    public var duplicateWarning: String? {
        if let replayed, let replayedAt {
            return "already replayed at \(Timestamps.iso8601(replayedAt)) to \(replayed.topicPartition)@\(replayed.offset): replaying again duplicates it"
        }
        if let unknownAt {
            return "an earlier replay at \(Timestamps.iso8601(unknownAt)) got no answer and may have been written: replaying again may duplicate it"
        }
        return nil
    }

    /// A few words for `dlq list`'s table: where it went, "outcome unknown", "failed", or nothing.
    public var words: String {
        if let replayed { return "yes → \(replayed.topicPartition)@\(replayed.offset)" }
        if unknownAt != nil { return "outcome unknown" }
        return lastFailure == nil ? "" : "failed"
    }

    /// One character for the DLQ pane: ✓ replayed, ? outcome unknown, ✗ refused.
    public var symbol: String {
        if isReplayed { return "✓" }
        if unknownAt != nil { return "?" }
        return lastFailure == nil ? " " : "✗"
    }
}
