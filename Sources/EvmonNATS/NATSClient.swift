import NATSWire
import EvmonModel
import EvmonBrokerKit

/// Keeps one connection to the server for every caller of the adapter, opening a new one when
/// the last one is gone.
actor NATSClient {
    let host: BrokerURL.HostPort
    let credentials: NATSCredentials
    let tls: TLSClient?
    let displayURL: String
    private var current: NIONATSConnection?
    private var opening: Task<NIONATSConnection, any Error>?
    private var isShutDown = false
    /// Where each connection's live advisory subscription delivers.
    private let advisories: NATSAdvisoryFeed

    init(host: BrokerURL.HostPort, credentials: NATSCredentials, tls: TLSClient?, displayURL: String, advisories: NATSAdvisoryFeed) {
        self.host = host
        self.credentials = credentials
        self.tls = tls
        self.displayURL = displayURL
        self.advisories = advisories
    }

    /// The live connection, or a new one.
    func connection() async throws -> NIONATSConnection {
        guard !isShutDown else { throw NATSConnectionError.closed("evmon is shutting down") }
        if let current, current.isActive { return current }
        if let opening { return try await opening.value }
        let host = self.host
        let credentials = self.credentials
        let tls = self.tls
        let task = Task { try await NIONATSConnection.connect(host: host.host, port: host.port, credentials: credentials, tls: tls) }
        opening = task
        defer { opening = nil }
        let connection = try await task.value
        current = connection
        // Failing messages are announced on core subjects; hear them while connected (a server
        // that forbids the subscription says so with a permissions error, which is harmless).
        for subject in [NATSBroker.maxDeliveriesAdvisories, NATSBroker.terminatedAdvisories] {
            _ = try? await connection.subscribe(subject, subscriber: advisories.subscriber)
        }
        return connection
    }

    func requester() async throws -> NATSRequester {
        NATSRequester(connection: try await connection(), displayURL: displayURL)
    }

    /// The live connection if there is one, without opening another.
    var live: NIONATSConnection? {
        current?.isActive == true ? current : nil
    }

    func shutdown() {
        isShutDown = true
        opening?.cancel()
        current?.close()
        current = nil
    }

    /// The one-line error people see.
    static func evmonError(_ error: any Error, url: String) -> EvmonError {
        switch error {
        case let error as EvmonError:
            return error
        case let error as NATSConnectionError:
            switch error {
            case .connectFailed(let why): return .unreachable(url: url, reason: why)
            case .authenticationFailed(let why): return .authenticationFailed(url: url, reason: why)
            case .noJetStream: return .broker(url: url, reason: "JetStream is not enabled on this server (start nats-server with -js)")
            case .tlsRequired: return .broker(url: url, reason: error.description)
            case .noResponders(let subject) where subject.hasPrefix("$JS.API"):
                return .broker(url: url, reason: "JetStream did not answer (\(subject)): is JetStream enabled for this account?")
            default: return .broker(url: url, reason: error.description)
            }
        case let error as APIFailure:
            return .broker(url: url, reason: error.description)
        case let error as NATSWireError:
            return .broker(url: url, reason: "unreadable data from the server: \(error)")
        default:
            return .broker(url: url, reason: String(describing: error))
        }
    }
}
