import EvmonModel

/// Recognises dead-letter topics by name and explains their messages by headers.
public struct DeadLetterRecognizer: Sendable, Equatable {
    /// Which names hold dead letters (built-in plus the config file's patterns).
    public var naming: DeadLetterNaming

    /// Deliveries without an acknowledgement after which a broker-tracked message counts as a
    /// dead letter (Redis pending entries; config file `poison_deliveries`).
    public var poisonDeliveries: Int

    /// Built-in names and every known header convention.
    public static let standard = DeadLetterRecognizer(naming: .standard)

    public init(naming: DeadLetterNaming, poisonDeliveries: Int = 3) {
        self.naming = naming
        self.poisonDeliveries = poisonDeliveries
    }

    /// True when the name says the topic holds dead letters.
    public func isDeadLetterTopic(_ name: String) -> Bool { naming.isDeadLetterTopic(name) }

    /// The explanation of `record` when it is a dead letter (by its topic's name or its
    /// headers), `nil` for an ordinary message.
    public func deadLetter(_ record: Record) -> DeadLetterEntry? {
        guard isDeadLetterTopic(record.topic) || DeadLetterConvention.recognized(in: record) != nil else { return nil }
        return entry(for: record, reference: RecordRef(topic: record.topic, partition: record.partition, arrival: 0))
    }

    /// Explains a message the broker itself reported as failing; its origin is where it sits.
    public func entry(for deadLetter: BrokerDeadLetter, reference: RecordRef) -> DeadLetterEntry {
        let record = deadLetter.record
        var entry = DeadLetterEntry(
            reference: reference, offset: record.offset, timestamp: record.timestamp, key: record.key,
            originalTopic: record.topic, originalPartition: record.partition, originalOffset: record.offset,
            reason: deadLetter.reason, convention: deadLetter.convention)
        entry.fingerprint = ReasonFingerprint.of(entry.summary)
        entry.innermostReason = DeadLetterEntry.innermost(of: entry.summary)
        return entry
    }

    /// Explains one message of a dead-letter topic.
    public func entry(for record: Record, reference: RecordRef) -> DeadLetterEntry {
        var entry = explain(record, reference: reference)
        entry.fingerprint = ReasonFingerprint.of(entry.summary)
        entry.innermostReason = DeadLetterEntry.innermost(of: entry.summary)
        return entry
    }

    private func explain(_ record: Record, reference: RecordRef) -> DeadLetterEntry {
        guard let convention = DeadLetterConvention.recognized(in: record) else {
            // Hand-rolled DLQs (a Redis `orders:dlq` entry's fields, NATS headers) often say why
            // in a plainly named field.
            let reason = Self.plainReasonNames.lazy.compactMap { record.firstHeader(named: $0)?.value }.first
            return DeadLetterEntry(
                reference: reference, offset: record.offset, timestamp: record.timestamp, key: record.key,
                originalTopic: naming.origin(of: record.topic),
                reason: reason.map { Self.firstLine(String(decoding: $0, as: UTF8.self)) }, convention: "name-only")
        }
        func text(_ names: [String]) -> String? {
            for name in names {
                if let value = record.firstHeader(named: name)?.value { return String(decoding: value, as: UTF8.self) }
            }
            return nil
        }
        func integer(_ names: [String]) -> Int64? {
            for name in names {
                guard let value = record.firstHeader(named: name)?.value else { continue }
                if convention.binaryCoordinates, let number = Self.bigEndianInteger(value) { return number }
                if let number = Int64(String(decoding: value, as: UTF8.self).trimmingSpaces) { return number }
            }
            return nil
        }
        return DeadLetterEntry(
            reference: reference, offset: record.offset, timestamp: record.timestamp, key: record.key,
            originalTopic: text(convention.originalTopic) ?? naming.origin(of: record.topic),
            // Coordinates a broker cannot have (a negative offset, a partition past Int32) are
            // unknown, not numbers to show or replay to.
            originalPartition: integer(convention.originalPartition).flatMap { (0...Int64(Int32.max)).contains($0) ? Int($0) : nil },
            originalOffset: integer(convention.originalOffset).flatMap { $0 >= 0 ? Offset.sequence($0) : nil },
            reason: text(convention.exceptionMessage).map(Self.firstLine),
            exception: text(convention.exceptionClass), convention: convention.name)
    }

    /// Header (or Redis field) names that hold a failure's reason in DLQs without a convention.
    static let plainReasonNames = ["reason", "error", "error_message", "error-message", "failure_reason", "Nats-Error"]

    /// A 4- or 8-byte big-endian integer (Spring's binary coordinates).
    public static func bigEndianInteger(_ bytes: [UInt8]) -> Int64? {
        switch bytes.count {
        case 4: return Int64(Int32(bitPattern: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }))
        case 8: return Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        default: return nil
        }
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
