/// Recognises dead-letter topics by name and explains their messages by headers.
public enum DeadLetterRecognizer {
    private static let suffixes = [".DLT", "-dlt", ".dlt", "-DLT", ".dlq", "-dlq", "_dlq", ".DLQ", "-DLQ", "_DLQ"]
    private static let prefixes = ["dlq.", "DLQ.", "error.", "dead-letter-topic-"]

    /// True when the name says the topic holds dead letters.
    public static func isDeadLetterTopic(_ name: String) -> Bool {
        suffixes.contains { name.hasSuffix($0) } || prefixes.contains { name.hasPrefix($0) && name.count > $0.count }
    }

    /// The topic a dead-letter topic's name points back to, when it does.
    public static func originFromName(_ name: String) -> String? {
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        if name.hasPrefix("error."), let rest = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first {
            // Spring Cloud Stream: error.<topic>.<group>
            return String(rest)
        }
        for prefix in ["dlq.", "DLQ.", "dead-letter-topic-"] where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        return nil
    }

    /// Explains one message of a dead-letter topic.
    public static func entry(for record: Record, reference: RecordRef) -> DeadLetterEntry {
        let convention = DeadLetterConvention.known.first { convention in
            convention.originalTopic.contains { record.firstHeader(named: $0) != nil }
                || convention.exceptionMessage.contains { record.firstHeader(named: $0) != nil }
        }
        guard let convention else {
            return DeadLetterEntry(
                reference: reference, offset: record.offset, timestamp: record.timestamp,
                originalTopic: originFromName(record.topic), convention: "name-only")
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
                if convention.binaryCoordinates, let number = bigEndianInteger(value) { return number }
                if let number = Int64(String(decoding: value, as: UTF8.self).trimmingSpaces) { return number }
            }
            return nil
        }
        return DeadLetterEntry(
            reference: reference, offset: record.offset, timestamp: record.timestamp,
            originalTopic: text(convention.originalTopic) ?? originFromName(record.topic),
            originalPartition: integer(convention.originalPartition).map { Int($0) },
            originalOffset: integer(convention.originalOffset),
            reason: text(convention.exceptionMessage).map(firstLine),
            exception: text(convention.exceptionClass), convention: convention.name)
    }

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
