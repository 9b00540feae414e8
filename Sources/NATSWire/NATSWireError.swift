/// Why bytes from (or for) a NATS server could not be read or written. Each case says what was
/// wrong in words a person can act on; the connection that produced it cannot go on.
public enum NATSWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A control line ran past the limit without its CRLF.
    case controlLineTooLong(limit: Int)
    /// The line does not start with an operation this client knows.
    case unknownOperation(String)
    /// An operation with the wrong number of arguments, or an argument that is not what it must be.
    case malformedOperation(String)
    /// A message claims more payload bytes than the limit allows.
    case payloadTooLarge(claimed: Int, limit: Int)
    /// The payload was not followed by CRLF: the byte counts lie.
    case missingPayloadTerminator
    /// The INFO JSON could not be read.
    case badServerInfo(String)
    /// A header block that breaks `NATS/1.0[ status[ description]]\r\n(Name: value\r\n)*\r\n`.
    case malformedHeaders(String)
    /// A header name or value that cannot be written (CR, LF, a colon in a name, …).
    case invalidHeader(String)
    /// A subject that cannot be written (empty, whitespace inside).
    case invalidSubject(String)
    /// A reply subject that is not a JetStream ack subject.
    case notAnAckSubject(String)

    public var description: String {
        switch self {
        case .controlLineTooLong(let limit): return "a control line is longer than \(limit) bytes"
        case .unknownOperation(let verb): return "unknown operation '\(verb)'"
        case .malformedOperation(let why): return "malformed operation: \(why)"
        case .payloadTooLarge(let claimed, let limit): return "a message claims \(claimed) bytes, over the limit of \(limit)"
        case .missingPayloadTerminator: return "a message payload is not followed by CRLF (its byte count is wrong)"
        case .badServerInfo(let why): return "unreadable INFO: \(why)"
        case .malformedHeaders(let why): return "malformed header block: \(why)"
        case .invalidHeader(let why): return "header cannot be sent: \(why)"
        case .invalidSubject(let subject): return "invalid subject '\(subject)'"
        case .notAnAckSubject(let subject): return "not a JetStream ack subject: '\(subject)'"
        }
    }
}
