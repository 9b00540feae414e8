import KafkaWire

/// One connection to one broker, past the ApiVersions handshake: sends a request at the version
/// both sides speak and returns the decoded response. Replaced by canned answers in tests.
protocol KafkaBrokerConnection: Sendable {
    func send<Request: KafkaRequest, Response: KafkaResponse>(_ request: Request, as: Response.Type) async throws -> Response
    func close()
}

/// Opens connections to brokers.
protocol KafkaConnector: Sendable {
    func connect(host: String, port: Int) async throws -> any KafkaBrokerConnection
}

/// What went wrong below the protocol: sockets, timeouts, versions.
enum KafkaConnectionError: Error, Sendable, CustomStringConvertible {
    case connectFailed(String)
    case closed
    case timedOut(KafkaApi)
    case unsupportedApi(KafkaApi)
    case authenticationFailed(String)

    var description: String {
        switch self {
        case .connectFailed(let reason): return reason
        case .closed: return "connection closed"
        case .timedOut(let api): return "\(api) request timed out"
        case .unsupportedApi(let api): return "the broker does not speak a \(api) version evmon knows (\(api.supportedVersions))"
        case .authenticationFailed(let reason): return reason
        }
    }
}
