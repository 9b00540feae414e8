import EvmonModel
import EvmonJSON

/// What a watch reads from a message to group or correlate it: the record key, the partition,
/// or a path into the JSON value.
public enum RecordSelector: Sendable, Equatable, CustomStringConvertible {
    case key
    case partition
    case path(JSONPath)

    /// Parses `key`, `partition` or a path such as `.payload.order_id`.
    public init(parsing text: String) throws(EvmonError) {
        switch text {
        case "key": self = .key
        case "partition": self = .partition
        default: self = .path(try JSONPath(parsing: text))
        }
    }

    /// Whether reading it needs the value parsed as JSON.
    var needsJSON: Bool {
        if case .path = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .key: return "key"
        case .partition: return "partition"
        case .path(let path): return path.description
        }
    }
}
