/// Why bytes from Redis could not be decoded. The decoder throws these and never traps; after
/// one, the connection's byte stream cannot be trusted and must be closed.
public enum RESPDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A type byte RESP does not define.
    case unknownPrefix(UInt8)
    /// A length, count or number that is not a well-formed decimal, or a malformed line.
    case malformed(String)
    /// A bulk string, aggregate, nesting or line beyond evmon's caps.
    case limitExceeded(String)
    /// A RESP3 form Redis does not send and evmon does not read (streamed strings and aggregates).
    case unsupported(String)

    public var description: String {
        switch self {
        case .unknownPrefix(let byte):
            let shown = (0x21...0x7e).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
            return "RESP: unknown type byte \(shown)"
        case .malformed(let what): return "RESP: malformed \(what)"
        case .limitExceeded(let what): return "RESP: \(what)"
        case .unsupported(let what): return "RESP: unsupported \(what)"
        }
    }
}

/// Caps that keep a lying or hostile peer from making the decoder allocate without bound or
/// recurse deeply. A decoder rejects anything beyond them before allocating for it.
public struct RESPLimits: Sendable, Equatable {
    /// Largest bulk string, verbatim string or blob error (half Redis's `proto-max-bulk-len`
    /// default of 512 MB: no reply may exceed `maximumReplyBytes` anyway).
    public var maximumBulkLength: Int
    /// Most elements one aggregate may announce (a map counts its pairs).
    public var maximumAggregateCount: Int
    /// Deepest nesting of aggregates (attributes included).
    public var maximumDepth: Int
    /// Longest line of a one-line value (simple string, error, number) before its CRLF.
    public var maximumLineLength: Int
    /// Most bytes of one whole reply: small elements under every other cap add up too. Checked
    /// by `RESPFrameScanner`, which is what buffers a reply until it ends.
    public var maximumReplyBytes: Int

    public init(
        maximumBulkLength: Int = 256 * 1024 * 1024, maximumAggregateCount: Int = 16 * 1024 * 1024,
        maximumDepth: Int = 64, maximumLineLength: Int = 64 * 1024, maximumReplyBytes: Int = 256 * 1024 * 1024
    ) {
        self.maximumReplyBytes = maximumReplyBytes
        self.maximumBulkLength = maximumBulkLength
        self.maximumAggregateCount = maximumAggregateCount
        self.maximumDepth = maximumDepth
        self.maximumLineLength = maximumLineLength
    }

    public static let `default` = RESPLimits()
}
