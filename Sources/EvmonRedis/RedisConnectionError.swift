/// What went wrong below the commands: sockets, timeouts, the handshake.
///
/// As for Kafka, whether a failed command may have reached the server matters for writes:
/// `closed` means it was refused before it was handed to the socket; `closedAwaitingResponse`
/// and `timedOut` mean it was handed over and no answer came, so Redis may have run it.
enum RedisConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case connectFailed(String)
    /// The connection was closed before the command was handed to the socket.
    case closed
    /// The connection closed after the command was handed to the socket, before its answer came.
    case closedAwaitingResponse
    /// No answer in time; always after the command was handed to the socket.
    case timedOut(command: String)
    /// `NOAUTH` or `WRONGPASS` during the handshake.
    case authenticationFailed(String)
    /// `SELECT` refused the database number in the URL.
    case badDatabase(String)
    /// Bytes that are not RESP, or an answer of the wrong shape.
    case protocolViolation(String)

    var description: String {
        switch self {
        case .connectFailed(let reason): return reason
        case .closed: return "connection closed"
        case .closedAwaitingResponse: return "connection closed before the answer came"
        case .timedOut(let command): return "\(command) got no answer in time"
        case .authenticationFailed(let reason): return reason
        case .badDatabase(let reason): return reason
        case .protocolViolation(let reason): return reason
        }
    }

    /// Whether a fresh connection may fix it (safe to retry for reads only).
    var isConnectionLoss: Bool {
        switch self {
        case .closed, .closedAwaitingResponse, .timedOut, .connectFailed: return true
        case .authenticationFailed, .badDatabase, .protocolViolation: return false
        }
    }

    /// Whether the server may have received the command (and, for XADD, stored the entry).
    var commandMayHaveReachedServer: Bool {
        switch self {
        case .closedAwaitingResponse, .timedOut, .protocolViolation: return true
        case .connectFailed, .closed, .authenticationFailed, .badDatabase: return false
        }
    }
}

/// An error reply (`-ERR …`, `-WRONGTYPE …`) to one command.
struct RedisServerError: Error, Sendable, Equatable, CustomStringConvertible {
    var command: String
    var message: String

    /// The upper-case code word Redis starts errors with (`ERR`, `NOAUTH`, `WRONGTYPE`).
    var code: Substring { message.prefix { $0 != " " } }

    var isAuthentication: Bool { code == "NOAUTH" || code == "WRONGPASS" }

    var description: String { "\(command): \(message)" }
}
