import Foundation
import NIOCore
import RedisWire
import EvmonBrokerKit

/// Where and as whom to connect: the `redis://` URL's parts and the password from the environment.
struct RedisEndpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String?
    var password: String?
    var database: Int
    /// TLS for `rediss://`.
    var tls: TLSClient?
    var connectTimeout: TimeAmount = .seconds(3)
    /// How long the handshake may take: a server that accepts and never answers is unreachable
    /// within about 4 s of the start.
    var handshakeTimeout: TimeAmount = .milliseconds(3500)
    /// How long a command may wait for its answer beyond what it asked the server to block.
    var commandTimeout: TimeAmount = .seconds(10)
}

/// One TCP connection to Redis on SwiftNIO, past the handshake: sends commands (pipelined when
/// given several) and returns the replies, error replies included, in order.
final class RedisConnection: Sendable {
    private let channel: any Channel
    /// 3 when `HELLO 3` succeeded, 2 after the RESP2 fallback.
    let protocolVersion: Int
    private let commandTimeout: TimeAmount

    private init(channel: any Channel, protocolVersion: Int, commandTimeout: TimeAmount) {
        self.channel = channel
        self.protocolVersion = protocolVersion
        self.commandTimeout = commandTimeout
    }

    /// Connects, then `HELLO 3 [AUTH …] SETNAME evmon`, falling back to RESP2 (`AUTH`, then
    /// `CLIENT SETNAME`) on servers without HELLO or RESP3, then `SELECT` when the URL names a
    /// database. Never sends `CLIENT SETINFO` (7.2+ only; 7.0 answers it with an error).
    static func connect(_ endpoint: RedisEndpoint) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await BrokerSocket.connect(
                host: endpoint.host, port: endpoint.port, connectTimeout: endpoint.connectTimeout, tls: endpoint.tls
            ) { channel in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(OrderedReplyHandler(failures: .redis, ignores: RedisPush.isPush))
            }
        } catch let failure as TLSFailure {
            // A certificate that is not trusted stays untrusted: no retry will fix it.
            throw failure.isFinal ? RedisConnectionError.authenticationFailed(failure.description) : RedisConnectionError.connectFailed(failure.description)
        } catch {
            throw RedisConnectionError.connectFailed(NetworkErrorText.describe(error))
        }
        do {
            let version = try await handshake(channel, endpoint)
            return RedisConnection(channel: channel, protocolVersion: version, commandTimeout: endpoint.commandTimeout)
        } catch {
            channel.close(promise: nil)
            let explained = BrokerSocket.explainAfterHandshake(error, on: channel)
            if let failure = explained as? TLSFailure { throw RedisConnectionError.authenticationFailed(failure.description) }
            if let error = error as? RedisConnectionError, case .timedOut = error {
                throw RedisConnectionError.connectFailed("the server accepted the connection but did not answer the handshake")
            }
            throw error
        }
    }

    /// Returns the protocol version spoken from now on.
    private static func handshake(_ channel: any Channel, _ endpoint: RedisEndpoint) async throws -> Int {
        let timeout = endpoint.handshakeTimeout
        // A user without a password still authenticates (an ACL user may be `nopass`); Redis
        // says WRONGPASS otherwise, and the error then mentions the missing variable.
        let credentials: (user: String, password: String)? =
            endpoint.password.map { (endpoint.user ?? "default", $0) } ?? endpoint.user.map { ($0, "") }
        var hello = RESPCommand("HELLO", "3")
        if let credentials {
            hello.append("AUTH")
            hello.append(credentials.user)
            hello.append(credentials.password)
        }
        hello.append("SETNAME")
        hello.append("evmon")
        var version = 3
        let reply = try await roundTrip(channel, [hello], timeout: timeout)[0]
        if let message = reply.errorMessage {
            let error = RedisServerError(command: "HELLO", message: message)
            if error.isAuthentication { throw RedisConnectionError.authenticationFailed(authenticationReason(message, endpoint)) }
            guard error.code == "NOPROTO" || message.lowercased().hasPrefix("err unknown command") else {
                throw RedisConnectionError.protocolViolation("HELLO: \(message)")
            }
            // RESP2 only (Redis < 6, or RESP3 switched off): AUTH has one argument before 6.
            version = 2
            var commands: [RESPCommand] = []
            if let credentials {
                commands.append(endpoint.user == nil ? RESPCommand("AUTH", credentials.password) : RESPCommand("AUTH", credentials.user, credentials.password))
            }
            commands.append(RESPCommand("CLIENT", "SETNAME", "evmon"))
            let replies = try await roundTrip(channel, commands, timeout: timeout)
            if credentials != nil, let message = replies[0].errorMessage {
                throw RedisConnectionError.authenticationFailed(authenticationReason(message, endpoint))
            }
        }
        if endpoint.database != 0 {
            let reply = try await roundTrip(channel, [RESPCommand("SELECT", String(endpoint.database))], timeout: timeout)[0]
            if let message = reply.errorMessage {
                let error = RedisServerError(command: "SELECT", message: message)
                if error.isAuthentication { throw RedisConnectionError.authenticationFailed(authenticationReason(message, endpoint)) }
                throw RedisConnectionError.badDatabase("database \(endpoint.database): \(message)")
            }
        }
        return version
    }

    private static func authenticationReason(_ message: String, _ endpoint: RedisEndpoint) -> String {
        endpoint.password == nil ? "\(message) (EVMON_REDIS_PASSWORD is not set)" : message
    }

    /// Sends one command; error replies come back as `.error` values.
    func send(_ command: RESPCommand, blockingFor blocking: TimeAmount = .zero) async throws -> RESPValue {
        try await Self.roundTrip(channel, [command], timeout: commandTimeout + blocking)[0]
    }

    /// Sends `commands` in one write and returns their replies in order.
    func pipeline(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        return try await Self.roundTrip(channel, commands, timeout: commandTimeout)
    }

    /// Sends one command and throws its error reply as a `RedisServerError`.
    func call(_ command: RESPCommand, blockingFor blocking: TimeAmount = .zero) async throws -> RESPValue {
        let reply = try await send(command, blockingFor: blocking)
        if let message = reply.errorMessage { throw RedisServerError(command: command.name, message: message) }
        return reply
    }

    var isActive: Bool { channel.isActive }

    func close() {
        channel.close(promise: nil)
    }

    /// Sends `commands` in one write; each reply frame (complete, undecoded) is turned into a `T`
    /// by `transform` on the connection's event loop. Tails parse stream entries straight into
    /// records there, while the reader formats the previous batch on its own thread.
    func pipeline<T: Sendable>(
        _ commands: [RESPCommand], blockingFor blocking: TimeAmount = .zero,
        transform: @escaping @Sendable (Int, ByteBuffer) throws -> T
    ) async throws -> [T] {
        let futures = Self.write(channel, commands, timeout: commandTimeout + blocking)
        var results: [T] = []
        results.reserveCapacity(futures.count)
        for (index, future) in futures.enumerated() {
            results.append(try await future.flatMapThrowing { try transform(index, $0) }.get())
        }
        return results
    }

    /// Writes `commands` now (from any thread) and returns one future reply frame per command.
    func sendFrames(_ commands: [RESPCommand], blockingFor blocking: TimeAmount = .zero) -> [EventLoopFuture<ByteBuffer>] {
        Self.write(channel, commands, timeout: commandTimeout + blocking)
    }

    private static func roundTrip(_ channel: any Channel, _ commands: [RESPCommand], timeout: TimeAmount) async throws -> [RESPValue] {
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for future in write(channel, commands, timeout: timeout) {
            replies.append(try await future.flatMapThrowing { frame in
                do {
                    return try RESPValue.decode(frame: frame)
                } catch {
                    throw RedisConnectionError.protocolViolation(String(describing: error))
                }
            }.get())
        }
        return replies
    }

    /// Writes `commands` at once; one future per reply, in order.
    private static func write(_ channel: any Channel, _ commands: [RESPCommand], timeout: TimeAmount) -> [EventLoopFuture<ByteBuffer>] {
        var bytes = channel.allocator.buffer(capacity: 256)
        for command in commands { command.encode(into: &bytes) }
        let name = commands.count == 1 ? commands[0].name : "\(commands.count) pipelined commands"
        return OrderedReplyHandler.send(
            bytes, replies: commands.count, on: channel, timeout: timeout, timedOut: RedisConnectionError.timedOut(command: name),
            notSent: RedisConnectionError.closed)
    }
}
