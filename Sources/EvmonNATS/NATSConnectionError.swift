/// Why a NATS connection or one of its requests failed, before it is put in words for people.
enum NATSConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No TCP connection, or no INFO/PONG in time: the server is not reachable.
    case connectFailed(String)
    /// The server said `-ERR 'Authorization Violation'` (or another authentication error).
    case authenticationFailed(String)
    /// The server has no JetStream (its INFO has no `jetstream`).
    case noJetStream
    /// The server takes TLS only and the URL did not ask for it.
    case tlsRequired
    /// The connection closed (with the reason, when one is known).
    case closed(String)
    /// A request got no answer in time.
    case timedOut(String)
    /// Nobody listens on the subject (503 no responders).
    case noResponders(subject: String)
    /// The server broke the protocol, or sent an `-ERR`.
    case protocolError(String)
    /// The server sent bytes the parser refuses (a malformed op, a payload over the ceiling):
    /// the same server would send them again, so no fresh connection is tried.
    case unreadable(String)

    var description: String {
        switch self {
        case .connectFailed(let why): return why
        case .authenticationFailed(let why): return why
        case .noJetStream: return "JetStream is not enabled on this server"
        case .tlsRequired: return "the server requires TLS (tls_required): connect with tls://host:port or nats://host:port?tls=true"
        case .closed(let why): return "connection closed: \(why)"
        case .timedOut(let what): return "\(what) timed out"
        case .noResponders(let subject): return "nothing answers on \(subject)"
        case .protocolError(let why): return why
        case .unreadable(let why): return "unreadable data from the server: \(why)"
        }
    }

    /// Whether a fresh connection may fix it.
    var isConnectionLoss: Bool {
        switch self {
        case .connectFailed, .closed, .timedOut: return true
        default: return false
        }
    }
}
