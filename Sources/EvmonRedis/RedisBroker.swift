import Foundation
import NIOCore
import RedisWire
import Synchronization
import EvmonModel
import EvmonBrokerKit

/// The Redis Streams adapter: streams are topics with one partition, entry ids are offsets, the
/// fields are headers and their view the value (docs/DECISIONS.md, "Redis Streams adapter").
/// Observer only: it never creates a group, reads with XREADGROUP or acknowledges; it writes
/// only when asked to produce (replays).
public final class RedisBroker: BrokerAdapter {
    public let displayURL: String
    let endpoint: RedisEndpoint
    let clock: any WallClock
    let link: RedisLink
    /// Connects as soon as someone listens to connection states (the TUI waits for `.connected`).
    private let status = ConnectionStatus()
    /// Connections tails opened, closed by `shutdown()`.
    private let tailConnections = Mutex<[ObjectIdentifier: RedisConnection]>([:])

    /// Opens the adapter for `redis[s]://[user@]host:port[/db]`; the password comes from
    /// `EVMON_REDIS_PASSWORD` (or the profile). TLS files are read now, connections open on first use.
    public convenience init(
        user: String?, host: BrokerURL.HostPort, database: Int, tls: TLSOptions?, secrets: BrokerSecrets, clock: any WallClock = SystemClock()
    ) throws(EvmonError) {
        let url = BrokerURL.redis(user: user, host: host, database: database, tls: tls).description
        guard (0...Int(Int32.max)).contains(database) else { throw .usage("\(url): the database must be a number from 0") }
        let password = secrets.environment["EVMON_REDIS_PASSWORD"] ?? secrets.password
        let client = try tls.map { options throws(EvmonError) in try TLSClient(options, keyPassword: secrets.variable("EVMON_TLS_KEY_PASSWORD")) }
        let endpoint = RedisEndpoint(host: host.host, port: host.port, user: user, password: password, database: database, tls: client)
        self.init(displayURL: url, endpoint: endpoint, clock: clock)
    }

    init(displayURL: String, endpoint: RedisEndpoint, clock: any WallClock = SystemClock()) {
        self.displayURL = displayURL
        self.endpoint = endpoint
        self.clock = clock
        link = RedisLink(endpoint: endpoint)
    }

    /// Tells `connectionStates()` listeners.
    func report(_ state: ConnectionState) {
        status.send(state)
    }

    public func connectionStates() -> AsyncStream<ConnectionState> {
        status.subscribe(
            clock: clock, connect: { [link] in _ = try await link.current() },
            classify: { [displayURL] error in Self.evmonError(error, url: displayURL) })
    }

    public func shutdown() async {
        status.finish()
        await link.shutdown()
        let open = tailConnections.withLock { connections in
            defer { connections = [:] }
            return Array(connections.values)
        }
        for connection in open { connection.close() }
    }

    // MARK: - Tail connections

    /// A fresh connection for a tail, closed by `shutdown()` if the tail has not closed it.
    func openTailConnection() async throws -> RedisConnection {
        let connection = try await RedisConnection.connect(endpoint)
        tailConnections.withLock { $0[ObjectIdentifier(connection)] = connection }
        return connection
    }

    func closeTailConnection(_ connection: RedisConnection) {
        connection.close()
        tailConnections.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    // MARK: - Commands on the shared link

    /// Sends `commands` pipelined on the shared connection. A connection found dead (the server
    /// restarted since the last call) is replaced and the commands sent again, twice at most:
    /// only for reads; `produce` sends its one write without this.
    func read(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        var attempt = 0
        while true {
            let connection = try await link.current()
            do {
                return try await connection.pipeline(commands)
            } catch let error as RedisConnectionError {
                await link.failed(connection)
                guard error.isConnectionLoss, attempt < 2 else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// One read command; an error reply is thrown as a `RedisServerError`.
    func read(_ command: RESPCommand) async throws -> RESPValue {
        let reply = try await read([command])[0]
        if let message = reply.errorMessage { throw RedisServerError(command: command.name, message: message) }
        return reply
    }

    /// Runs a call, turning whatever it throws into the `EvmonError` people see.
    func call<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            report(.connected)
            return result
        } catch {
            let failure = evmonError(error)
            if case .unreachable(_, let reason) = failure { report(.failed(reason: reason)) }
            throw failure
        }
    }

    /// The one-line error people see.
    func evmonError(_ error: any Error) -> EvmonError {
        Self.evmonError(error, url: displayURL)
    }

    static func evmonError(_ error: any Error, url displayURL: String) -> EvmonError {
        switch error {
        case let error as EvmonError:
            return error
        case let error as RedisConnectionError:
            switch error {
            case .connectFailed(let reason): return .unreachable(url: displayURL, reason: reason)
            case .authenticationFailed(let reason): return .authenticationFailed(url: displayURL, reason: reason)
            case .badDatabase(let reason): return .usage("\(displayURL): \(reason)")
            default: return .broker(url: displayURL, reason: error.description)
            }
        case let error as RedisServerError:
            if error.isAuthentication { return .authenticationFailed(url: displayURL, reason: error.message) }
            return .broker(url: displayURL, reason: error.description)
        default:
            return .broker(url: displayURL, reason: String(describing: error))
        }
    }
}
