/// A position within one partition of a topic, in the broker's own terms.
///
/// Kafka offsets and NATS JetStream stream sequences are plain integers (`.sequence`); Redis Stream
/// entry ids are a millisecond time and a sequence within that millisecond (`.streamID`).
/// Positions of the same kind are totally ordered; mixing kinds never happens within a partition.
public enum Offset: Hashable, Sendable {
    /// Kafka offset or NATS stream sequence.
    case sequence(Int64)
    /// Redis Streams entry id `milliseconds-sequence`.
    case streamID(milliseconds: UInt64, sequence: UInt64)

    /// The integer value of a `.sequence` offset, `nil` for Redis stream ids.
    public var sequenceValue: Int64? {
        if case .sequence(let value) = self { return value }
        return nil
    }

    /// Parses `42` as a sequence and `1716123456789-0` as a Redis stream id.
    public init?(parsing text: Substring) {
        if let value = Int64(text), value >= 0 {
            self = .sequence(value)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = UInt64(parts[0]), let sequence = UInt64(parts[1]) else {
            return nil
        }
        self = .streamID(milliseconds: milliseconds, sequence: sequence)
    }

    /// How many messages lie between `self` and `later`, when both are sequences.
    /// Redis ids do not count messages, so the answer there is `nil`. Held at `Int64`'s bounds:
    /// both ends came from a broker.
    public func distance(to later: Offset) -> Int64? {
        guard case .sequence(let from) = self, case .sequence(let to) = later else { return nil }
        return to.clampedSubtracting(from)
    }
}

extension Offset: Comparable {
    public static func < (lhs: Offset, rhs: Offset) -> Bool {
        switch (lhs, rhs) {
        case (.sequence(let a), .sequence(let b)):
            return a < b
        case (.streamID(let am, let asq), .streamID(let bm, let bsq)):
            return (am, asq) < (bm, bsq)
        case (.sequence, .streamID):
            return true
        case (.streamID, .sequence):
            return false
        }
    }
}

extension Offset: CustomStringConvertible {
    public var description: String {
        switch self {
        case .sequence(let value): return String(value)
        case .streamID(let milliseconds, let sequence): return "\(milliseconds)-\(sequence)"
        }
    }
}
