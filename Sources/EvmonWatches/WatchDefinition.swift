/// One rule of a watch file, as written, before anything is compiled.
///
/// Built by the watch-file loader (EvmonConfig) or directly by tests and the TUI;
/// `WatchEngine` compiles it (paths, jq) and evaluates it.
public struct WatchDefinition: Sendable, Equatable {
    /// What a watch does with a message whose value is not JSON.
    public enum NonJSONPolicy: String, Sendable, Equatable {
        /// Counts as a failure with a clear why (the default: malformed messages are faults).
        case fail
        /// Is not evaluated, so a rule about JSON content reports only its own faults.
        case skip
    }

    /// The watch's name, unique within its file.
    public var name: String
    /// Topics whose messages the watch judges; empty for `lag`.
    public var topics: [String]
    /// A jq selection: only messages for which it is truthy are judged.
    public var whereExpression: String?
    /// `non_json:` in the file; `fail` unless written otherwise.
    public var nonJSON: NonJSONPolicy
    /// What the watch checks.
    public var kind: WatchKind
    /// Where the watch is written (`orders.yaml:12:5`), for error messages; `nil` when built in code.
    public var origin: String?

    public init(
        name: String, topics: [String] = [], where whereExpression: String? = nil,
        nonJSON: NonJSONPolicy = .fail, kind: WatchKind, origin: String? = nil
    ) {
        self.name = name
        self.topics = topics
        self.whereExpression = whereExpression
        self.nonJSON = nonJSON
        self.kind = kind
        self.origin = origin
    }

    /// Every topic the watch reads, including a `followed_by` target.
    public var allTopics: [String] {
        switch kind {
        case .followedBy(let rule), .notFollowedBy(let rule):
            return topics.contains(rule.topic) ? topics : topics + [rule.topic]
        default:
            return topics
        }
    }
}
