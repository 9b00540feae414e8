import EvmonModel

/// What evmon understood of one dead-lettered message.
public struct DeadLetterEntry: Sendable, Equatable {
    /// Where the dead letter itself sits.
    public var reference: RecordRef
    public var dlqTopic: String { reference.topic }
    public var offset: Offset
    public var timestamp: Int64
    /// The dead letter's key (the original message's key, as DLQ producers keep it).
    public var key: [UInt8]?
    public var originalTopic: String?
    public var originalPartition: Int?
    /// The original message's offset (a Redis entry id on Redis).
    public var originalOffset: Offset?
    /// The exception message, or another reason text the producer gave.
    public var reason: String?
    /// The exception class (fully qualified).
    public var exception: String?
    /// The convention recognised (`spring`, `name-only`, …).
    public var convention: String

    /// The convention name of a message that is re-produced rather than replayed from a DLQ.
    public static let reproduction = "re-produce"

    /// True for a re-produced ordinary message (not a dead letter).
    public var isReproduction: Bool { convention == Self.reproduction }

    /// The dead letter's own coordinates.
    public var id: DeadLetterID { DeadLetterID(topic: reference.topic, partition: reference.partition, offset: offset) }

    /// `topic/partition@offset` of the original message, as much as is known, or "origin unknown".
    public var originDescription: String {
        guard let originalTopic else { return "origin unknown" }
        var text = originalTopic
        if let originalPartition { text += "/\(originalPartition)" }
        if let originalOffset { text += "@\(originalOffset)" }
        return text
    }

    /// The summary with its particulars masked (`ReasonFingerprint`): entries with equal
    /// fingerprints are grouped as one reason.
    /// Computed once when the entry is recognised, since panes group on every frame.
    public internal(set) var fingerprint = ""

    /// `exception: reason`, or whichever is known, for one-line display.
    public var summary: String {
        switch (exception, reason) {
        case let (exception?, reason?): "\(Self.shortClass(exception)): \(reason)"
        case let (exception?, nil): Self.shortClass(exception)
        case let (nil, reason?): reason
        case (nil, nil): "no reason given"
        }
    }

    /// The innermost message (after the last `: `): what differs between entries of one
    /// reason, since wrappers (`Listener failed; nested exception is …`) repeat. Computed once,
    /// with the fingerprint, since the pane shows it on every frame.
    public internal(set) var innermostReason = ""

    static func innermost(of text: String) -> String {
        let bytes = Array(text.utf8)
        guard let colon = bytes.indices.dropLast().last(where: { bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: " ") }) else {
            return text
        }
        return String(decoding: bytes[(colon + 2)...], as: UTF8.self)
    }

    private static func shortClass(_ name: String) -> String {
        String(name.split(separator: ".").last ?? Substring(name))
    }
}

extension DeadLetterEntry {
    /// An ordinary message treated as its own origin: re-producing it sends it to the same
    /// topic and partition, through the same planner, confirmation and audit log as a replay.
    public init(reproducing record: Record, reference: RecordRef) {
        self.init(
            reference: reference, offset: record.offset, timestamp: record.timestamp, key: record.key,
            originalTopic: record.topic, originalPartition: record.partition, originalOffset: record.offset,
            convention: Self.reproduction)
    }
}
