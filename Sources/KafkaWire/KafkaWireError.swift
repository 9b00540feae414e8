/// Why bytes from a broker could not be decoded. Decoders throw these; they never trap.
public enum KafkaWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended inside a field.
    case truncated(String)
    /// A length, count or varint outside what the protocol or evmon's caps allow.
    case invalidLength(String)
    /// A field with a value the protocol does not allow.
    case malformed(String)
    /// A record batch whose CRC-32C does not match its bytes.
    case crcMismatch(baseOffset: Int64, expected: UInt32, actual: UInt32)
    /// A codec or message format evmon does not read.
    case unsupported(String)
    /// Decompressed data larger than the cap.
    case tooLarge(String)
    /// The response's correlation id is not the request's.
    case correlationMismatch(expected: Int32, actual: Int32)

    public var description: String {
        switch self {
        case .truncated(let what): return "truncated \(what)"
        case .invalidLength(let what): return "invalid length: \(what)"
        case .malformed(let what): return "malformed: \(what)"
        case .crcMismatch(let baseOffset, let expected, let actual):
            return "corrupt record batch at offset \(baseOffset): CRC-32C \(String(actual, radix: 16)) ≠ \(String(expected, radix: 16))"
        case .unsupported(let what): return "unsupported: \(what)"
        case .tooLarge(let what): return "too large: \(what)"
        case .correlationMismatch(let expected, let actual): return "response \(actual) answers no request (expected \(expected))"
        }
    }
}
