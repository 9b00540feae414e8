import EvmonModel

/// Which topic names hold dead letters, and the topic each one points back to.
///
/// The built-in suffixes and prefixes follow docs/BROKERS.md; a team's own names come from the
/// config file as `*` patterns (`dead_letters: ["*.failed", "quarantine-*"]`), where the part
/// matched by `*` is the original topic.
public struct DeadLetterNaming: Sendable, Equatable {
    /// Patterns from the config file, tried before the built-in ones.
    public var extraPatterns: [DeadLetterPattern]

    /// The built-in names only.
    public static let standard = DeadLetterNaming(extraPatterns: [])

    private static let suffixes = [".DLT", "-dlt", ".dlt", "-DLT", ".dlq", "-dlq", "_dlq", ".DLQ", "-DLQ", "_DLQ", ":dlq", ":DLQ"]
    /// Whole names that hold dead letters of unknown origin (a NATS stream called `DLQ`).
    private static let wholeNames: Set<String> = ["DLQ", "dlq", "DLT", "dead-letters"]
    private static let prefixes = ["dlq.", "DLQ.", "error.", "dead-letter-topic-"]

    public init(extraPatterns: [DeadLetterPattern]) {
        self.extraPatterns = extraPatterns
    }

    /// True when the name says the topic holds dead letters.
    public func isDeadLetterTopic(_ name: String) -> Bool {
        if extraPatterns.contains(where: { $0.matches(name) }) { return true }
        if Self.wholeNames.contains(name) { return true }
        return Self.suffixes.contains { name.hasSuffix($0) && name.count > $0.count }
            || Self.prefixes.contains { name.hasPrefix($0) && name.count > $0.count }
    }

    /// The topic a dead-letter topic's name points back to, when it does.
    public func origin(of name: String) -> String? {
        for pattern in extraPatterns where pattern.matches(name) {
            return pattern.origin(of: name)
        }
        for suffix in Self.suffixes where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        if name.hasPrefix("error."), let rest = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first,
            !rest.isEmpty {
            // Spring Cloud Stream: error.<topic>.<group>
            return String(rest)
        }
        for prefix in ["dlq.", "DLQ.", "dead-letter-topic-"] where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        return nil
    }
}

/// A dead-letter topic name pattern from the config file: text with at most one `*`.
///
/// `orders.failed` names one topic (origin unknown); `*.failed` names every topic ending so,
/// and `*` is the origin.
public struct DeadLetterPattern: Sendable, Equatable, CustomStringConvertible {
    public let prefix: String
    public let suffix: String
    public let hasWildcard: Bool

    /// Parses a pattern; more than one `*`, or nothing but `*`, is a usage error.
    public init(parsing text: String) throws(EvmonError) {
        let parts = text.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw .usage("dead-letter pattern '\(text)' has more than one '*'") }
        guard !text.isEmpty, text != "*" else { throw .usage("dead-letter pattern '\(text)' would match every topic") }
        prefix = String(parts[0])
        suffix = parts.count == 2 ? String(parts[1]) : ""
        hasWildcard = parts.count == 2
    }

    public var description: String { hasWildcard ? prefix + "*" + suffix : prefix }

    /// True when `name` fits the pattern (the `*` must match at least one character).
    public func matches(_ name: String) -> Bool {
        guard hasWildcard else { return name == prefix }
        return name.count > prefix.count + suffix.count && name.hasPrefix(prefix) && name.hasSuffix(suffix)
    }

    /// What the `*` matched: the original topic.
    func origin(of name: String) -> String? {
        guard hasWildcard, matches(name) else { return nil }
        return String(name.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
