/// One RESP2 or RESP3 value as Redis sends it.
///
/// Strings that may hold any bytes (bulk strings, verbatim text, blob errors) stay `[UInt8]`;
/// the one-line forms (simple strings, simple errors, big numbers) are ASCII text by protocol.
/// RESP2 nulls (`$-1`, `*-1`) and the RESP3 null (`_`) all decode to `.null`.
public enum RESPValue: Sendable, Equatable {
    /// `+OK`
    case simpleString(String)
    /// `-ERR …`: the whole line, code word first.
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$11\r\nHello World` (binary-safe).
    case bulkString([UInt8])
    /// `*N`
    case array([RESPValue])
    /// `_`, `$-1`, `*-1`
    case null
    /// `,3.14` (also `inf`, `-inf`, `nan`).
    case double(Double)
    /// `#t` / `#f`
    case boolean(Bool)
    /// `!21\r\nSYNTAX invalid syntax`: an error whose text may hold any bytes.
    case blobError([UInt8])
    /// `=15\r\ntxt:Some string`: a three-letter format (`txt`, `mkd`) and the text.
    case verbatim(format: String, text: [UInt8])
    /// `(12345678901234567890`: digits with an optional minus, kept as text.
    case bigNumber(String)
    /// `%N`: N key/value pairs in wire order (keys may repeat; nothing is merged).
    case map([RESPPair])
    /// `~N`
    case set([RESPValue])
    /// `>N`: out-of-band data (pub/sub, client tracking); only ever a top-level frame.
    case push([RESPValue])
    /// `|N` pairs and the value they decorate; only produced by a decoder told to keep attributes.
    indirect case attributed(attributes: [RESPPair], value: RESPValue)
}

/// A key and its value in a RESP3 map or attribute.
public struct RESPPair: Sendable, Equatable {
    public var key: RESPValue
    public var value: RESPValue

    public init(_ key: RESPValue, _ value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// The bytes of a bulk string, simple string or verbatim text; `nil` for other kinds.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return Array(text.utf8)
        case .verbatim(_, let text): return text
        case .attributed(_, let value): return value.bytes
        default: return nil
        }
    }

    /// The text of a string value (bytes read as UTF-8, invalid sequences repaired); `nil` otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes), .verbatim(_, let bytes): return String(decoding: bytes, as: UTF8.self)
        case .attributed(_, let value): return value.string
        default: return nil
        }
    }

    /// An integer, or a string holding one (RESP2 sends some counts as bulk strings, such as
    /// XPENDING's per-consumer counts); `nil` otherwise.
    public var integer: Int64? {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString: return string.flatMap { Int64($0) }
        case .attributed(_, let value): return value.integer
        default: return nil
        }
    }

    /// Whether this is a null in either protocol version.
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .attributed(_, let value): return value.isNull
        default: return false
        }
    }

    /// Elements of an array, set or push; `nil` otherwise (and for null).
    public var elements: [RESPValue]? {
        switch self {
        case .array(let elements), .set(let elements), .push(let elements): return elements
        case .attributed(_, let value): return value.elements
        default: return nil
        }
    }

    /// Key/value pairs of a RESP3 map, or of a RESP2 flat array `[k1, v1, k2, v2…]` (how RESP2
    /// spells the same reply); `nil` for anything else, including an odd-length array.
    public var pairs: [RESPPair]? {
        switch self {
        case .map(let pairs): return pairs
        case .array(let elements):
            guard elements.count % 2 == 0 else { return nil }
            return stride(from: 0, to: elements.count, by: 2).map { RESPPair(elements[$0], elements[$0 + 1]) }
        case .attributed(_, let value): return value.pairs
        default: return nil
        }
    }

    /// The text of an error reply (simple or blob); `nil` for any other value.
    public var errorMessage: String? {
        switch self {
        case .error(let text): return text
        case .blobError(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .attributed(_, let value): return value.errorMessage
        default: return nil
        }
    }
}

extension Array where Element == RESPPair {
    /// The value of the first pair whose key is the string `name`.
    public func value(named name: String) -> RESPValue? {
        first { $0.key.string == name }?.value
    }
}
