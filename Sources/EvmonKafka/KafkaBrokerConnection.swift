import KafkaWire

/// One connection to one broker, past the ApiVersions handshake: sends a request at the version
/// both sides speak and returns the decoded response. Replaced by canned answers in tests.
protocol KafkaBrokerConnection: Sendable {
    func send<Request: KafkaRequest, Response: KafkaResponse>(_ request: Request, as: Response.Type) async throws -> Response
    func close()
    /// Whether the broker is about to end this connection's authenticated session (KIP-368).
    var isExpiring: Bool { get }
}

extension KafkaBrokerConnection {
    var isExpiring: Bool { false }
}

/// Opens connections to brokers.
protocol KafkaConnector: Sendable {
    func connect(host: String, port: Int) async throws -> any KafkaBrokerConnection
}

/// What went wrong below the protocol: sockets, timeouts, versions.
///
/// Whether a failed request may have reached the broker matters for writes: `closed` means it
/// was refused before it was handed to the socket; `closedAwaitingResponse` and `timedOut` mean
/// it was handed over and no answer came, so the broker may have acted on it.
enum KafkaConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case connectFailed(String)
    /// The connection was closed before the request was handed to the socket.
    case closed
    /// The connection closed after the request was handed to the socket, before its answer came.
    case closedAwaitingResponse
    /// No answer in time; always after the request was handed to the socket.
    case timedOut(KafkaApi)
    case unsupportedApi(KafkaApi)
    case authenticationFailed(String)

    var description: String {
        switch self {
        case .connectFailed(let reason): return reason
        case .closed: return "connection closed"
        case .closedAwaitingResponse: return "connection closed before the answer came"
        case .timedOut(let api): return "\(api) request timed out"
        case .unsupportedApi(let api): return "the broker does not speak a \(api) version evmon knows (\(api.supportedVersions))"
        case .authenticationFailed(let reason): return reason
        }
    }
}

extension KafkaConnectionError {
    /// Whether the broker may have received the request (and, for a write, stored it).
    var requestMayHaveReachedBroker: Bool {
        switch self {
        case .closedAwaitingResponse, .timedOut: return true
        case .connectFailed, .closed, .unsupportedApi, .authenticationFailed: return false
        }
    }
}
