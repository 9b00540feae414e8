/// What a watch checks; the cases mirror the keys of a watch file.
public enum WatchKind: Sendable, Equatable {
    /// Each path exists and is not null.
    case require([String])
    /// A jq expression is truthy.
    case expect(String)
    /// `key` never repeats within `withinMilliseconds` of event time (`nil`: never, within the cap).
    case unique(key: RecordSelector, withinMilliseconds: Int64?)
    /// `by` steps by one per scope; gaps, duplicates and regressions are told apart.
    case ordered(by: RecordSelector, per: RecordSelector)
    /// Each selected message is followed by a correlated one within a time.
    case followedBy(FollowRule)
    /// No selected message is followed by a correlated one within a time.
    case notFollowedBy(FollowRule)
    /// The topic receives nothing.
    case empty
    /// A consumer group's total lag stays at or below `max`.
    case lag(group: String, max: Int64)
    /// Between `min` and `max` messages per interval of event time.
    case rate(min: Int?, max: Int?, perMilliseconds: Int64)
    /// Messages are CloudEvents 1.0, in structured or binary (`ce_` headers) mode.
    case cloudEvents
    /// Messages decode with the schema they name in a registry (or their topic's local schema).
    case registeredSchema
    /// Values are valid against a JSON Schema file.
    case jsonSchema(JSONSchemaContract)

    /// The kind's name as watch files write it.
    public var name: String {
        switch self {
        case .require: return "require"
        case .expect: return "expect"
        case .unique: return "unique"
        case .ordered: return "ordered"
        case .followedBy: return "followed_by"
        case .notFollowedBy: return "not_followed_by"
        case .empty: return "empty"
        case .lag: return "lag"
        case .rate: return "rate"
        case .cloudEvents, .registeredSchema, .jsonSchema: return "schema"
        }
    }

    /// The keys a watch file may use to name a kind.
    public static let keys = ["require", "expect", "unique", "ordered", "followed_by", "not_followed_by", "empty", "lag", "rate", "schema"]
}

/// The second half of `followed_by` / `not_followed_by`.
public struct FollowRule: Sendable, Equatable {
    /// Where the correlated message appears.
    public var topic: String
    /// A jq selection of correlated messages.
    public var whereExpression: String?
    /// What correlates the two messages, read on both sides.
    public var match: RecordSelector
    public var withinMilliseconds: Int64

    public init(topic: String, where whereExpression: String? = nil, match: RecordSelector, withinMilliseconds: Int64) {
        self.topic = topic
        self.whereExpression = whereExpression
        self.match = match
        self.withinMilliseconds = withinMilliseconds
    }
}
