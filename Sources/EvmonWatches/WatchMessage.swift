import JQ
import EvmonModel
import EvmonJSON

/// One record as the watches see it: its JSON value parsed at most once and shared by every
/// watch, and its jq value built at most once and shared by every jq program.
final class WatchMessage {
    let record: Record
    /// Arrival number within the engine, so a message never correlates with itself.
    let sequence: Int
    private var parsed: Result<JSONValue, JSONParseError>?
    private var jqValue: JQValue?

    init(record: Record, sequence: Int) {
        self.record = record
        self.sequence = sequence
    }

    /// The value as JSON, or why it is not JSON.
    var json: Result<JSONValue, JSONParseError> {
        if let parsed { return parsed }
        let result: Result<JSONValue, JSONParseError>
        if let value = record.readableValue {
            result = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(value) }
        } else {
            result = .failure(JSONParseError(offset: 0, reason: "the message has no value (a tombstone)"))
        }
        parsed = result
        return result
    }

    /// The value for jq, built from the parsed JSON the first time a program needs it.
    func jq(_ json: JSONValue, in context: JQContext) -> JQValue {
        if let jqValue { return jqValue }
        let built = Self.build(json, in: context)
        jqValue = built
        return built
    }

    /// Gives the jq value back to libjq; the engine calls it before leaving the jq thread.
    func releaseJQ(in context: JQContext) {
        jqValue?.release(in: context)
        jqValue = nil
    }

    private static func build(_ value: JSONValue, in context: JQContext) -> JQValue {
        switch value {
        case .null: return .null(in: context)
        case .bool(let flag): return .bool(flag, in: context)
        case .number(let number): return .number(number, in: context)
        case .string(let text): return .string(text, in: context)
        case .array(let elements): return .array(elements.map { build($0, in: context) }, in: context)
        case .object(let members): return .object(members.map { ($0.name, build($0.value, in: context)) }, in: context)
        }
    }

    /// Reads a selector: the key's text, the partition, or the path's value.
    func select(_ selector: RecordSelector) -> Selected {
        switch selector {
        case .key:
            guard let key = record.key else { return .unavailable("the message has no key") }
            return .bytes(key)
        case .partition:
            return .partition(record.partition)
        case .path(let path):
            switch json {
            case .failure(let error): return .unavailable("value is not JSON (\(error))")
            case .success(let value):
                switch path.lookup(in: value) {
                case .found(.null), .missing: return .unavailable("\(path) is missing")
                case .mismatch(let why): return .unavailable(why)
                case .found(let found): return .json(found, key: found.keyText)
                }
            }
        }
    }

    /// What a selector read. Display text is made only when a message needs it (a failure),
    /// not for every message judged.
    enum Selected {
        /// The record key's bytes.
        case bytes([UInt8])
        case partition(Int)
        /// A JSON value and its canonical key text.
        case json(JSONValue, key: String)
        /// Nothing to read, and why.
        case unavailable(String)

        /// The text that groups or correlates messages; `nil` when nothing was read.
        var key: String? {
            switch self {
            case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .partition(let partition): return String(partition)
            case .json(_, let key): return key
            case .unavailable: return nil
            }
        }

        /// The key as a fingerprint, without making its text; `nil` when nothing was read.
        /// Record keys are fingerprinted as bytes, so keys that differ only in invalid UTF-8
        /// stay apart.
        var fingerprint: KeyFingerprint? {
            switch self {
            case .bytes(let bytes): return KeyFingerprint(array: bytes)
            case .partition(let partition): return KeyFingerprint(number: partition)
            case .json(_, let key): return KeyFingerprint(text: key)
            case .unavailable: return nil
            }
        }

        /// What a failure message shows: escaped key bytes, a number, compact JSON, or why nothing.
        var display: String {
            switch self {
            case .bytes(let bytes): return TerminalText.escaped(bytes)
            case .partition(let partition): return String(partition)
            case .json(let value, _): return value.compactText()
            case .unavailable(let why): return why
            }
        }
    }
}
