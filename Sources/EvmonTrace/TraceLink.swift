import EvmonModel
import EvmonJSON

/// One way a message joins a business transaction: by its key, by the trace id of its W3C
/// `traceparent` header, by the value at a JSON path, or by a header's value.
public enum TraceLink: Sendable, Equatable, CustomStringConvertible {
    case key
    case traceparent
    case path(JSONPath)
    case header(String)

    /// The links tried when none are named: the key, `traceparent`, and the id fields event
    /// payloads commonly carry (each counts only where it is present).
    public static let defaults: [TraceLink] = [.key, .traceparent] + [
        ".order_id", ".orderId", ".payload.order_id", ".payload.orderId",
        ".correlation_id", ".correlationId", ".payload.correlation_id", ".payload.correlationId",
    ].map { .path(try! JSONPath(parsing: $0)) }

    /// Reads `key`, `traceparent`, `header:NAME` or a path such as `.payload.order_id`.
    public init(parsing text: String) throws(EvmonError) {
        switch text {
        case "key": self = .key
        case "traceparent": self = .traceparent
        default:
            if text.hasPrefix("header:") {
                let name = String(text.dropFirst("header:".count))
                guard !name.isEmpty else { throw .usage("--by header: needs a header name (header:x-correlation-id)") }
                self = .header(name)
            } else if text.hasPrefix(".") {
                self = .path(try JSONPath(parsing: text))
            } else {
                throw .usage("--by \(text): expected key, traceparent, header:NAME or a path such as .payload.order_id")
            }
        }
    }

    public var description: String {
        switch self {
        case .key: "key"
        case .traceparent: "traceparent"
        case .path(let path): "\(path)"
        case .header(let name): "header:\(name)"
        }
    }

    /// Whether reading this link needs the value parsed as JSON.
    var needsJSON: Bool {
        if case .path = self { return true }
        return false
    }

    /// The trace id of a `traceparent` value (`00-<32 hex>-<16 hex>-<2 hex>`), lowercased; nil
    /// when the value is not one, or its id is the all-zero invalid id.
    public static func traceID(ofTraceparent value: [UInt8]) -> String? {
        let parts = value.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16 else { return nil }
        let hex = parts[1].map { byte -> UInt8 in (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) ? byte + 32 : byte }
        guard hex.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }),
            hex.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The trace id of a message's first `traceparent` header (named in any case), if valid.
    static func traceID(in headers: [Header]) -> String? {
        guard let bytes = headers.first(where: { isTraceparent($0.name) })?.value else { return nil }
        return traceID(ofTraceparent: bytes)
    }

    /// The text of the string, number or boolean at `path` (an object or array is no id).
    static func scalarText(at path: JSONPath, in json: JSONValue) -> String? {
        guard case .found(let found) = path.lookup(in: json) else { return nil }
        switch found {
        case .string, .number, .bool: return found.keyText
        default: return nil
        }
    }

    /// `traceparent` in any case, compared byte by byte: it runs for every header of every
    /// message a search scans, so it makes no lowercased copy.
    static func isTraceparent(_ name: String) -> Bool {
        let expected = "traceparent".utf8
        guard name.utf8.count == expected.count else { return false }
        return zip(name.utf8, expected).allSatisfy { $0 | 0x20 == $1 }
    }
}
