import NIOCore
import NIOPosix
import NIOSSL

/// The TCP connection every broker client opens the same way: no Nagle delay (requests are
/// small and waited on), a receive buffer that grows with what the broker sends, TLS when the
/// URL asks for it, and the protocol's handlers added by `handlers` when the channel is made.
public enum BrokerSocket {
    /// Connects to `host:port` on `group` (the shared event loops unless a client wants one
    /// loop), and with `tls` finishes the TLS handshake, certificate and host-name checks
    /// included, before returning. Errors are NIO's or a `TLSFailure`; `NetworkErrorText`
    /// words them.
    public static func connect(
        host: String, port: Int, connectTimeout: TimeAmount, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        initialReceiveBuffer: Int = 64 * 1024, minimumReceiveBuffer: Int = 1024, tls: TLSClient? = nil,
        handlers: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> any Channel {
        let handshake = group.any().makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: minimumReceiveBuffer, initial: initialReceiveBuffer, maximum: 1024 * 1024))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(tls.handler(host: host))
                        try channel.pipeline.syncOperations.addHandler(tls.watch(done: handshake, host: host, port: port))
                    }
                    try handlers(channel)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            handshake.fail(error)
            throw error
        }
        guard let tls else {
            handshake.succeed(())
            return channel
        }
        try await finishHandshake(handshake, on: channel, host: host, port: port, tls: tls, timeout: connectTimeout)
        return channel
    }

    /// Turns an open plain-text connection into TLS (NATS announces itself in plain text, then
    /// the client starts TLS): the TLS handler goes first in the pipeline, and this returns once
    /// the handshake and every check passed.
    public static func startTLS(on channel: any Channel, host: String, port: Int, tls: TLSClient, timeout: TimeAmount) async throws {
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(tls.watch(done: handshake, host: host, port: port), position: .first)
                try channel.pipeline.syncOperations.addHandler(tls.handler(host: host), position: .first)
            }.get()
        } catch {
            handshake.fail(error)
            throw error
        }
        try await finishHandshake(handshake, on: channel, host: host, port: port, tls: tls, timeout: timeout)
    }

    /// What `error`, met on a TLS connection after its handshake (during the protocol's own
    /// greeting, say), means: the `TLSFailure` when a TLS alert ended the connection (the server
    /// wants a client certificate, or refused the one evmon gave), else `error` itself.
    public static func explainAfterHandshake(_ error: any Error, on channel: any Channel) -> any Error {
        if let failure = error as? TLSFailure { return failure }
        // The channel may close a moment after the request failed; the log has the reason then.
        return TLSFailureLog.take(for: channel) ?? error
    }

    /// Waits for the handshake for at most `timeout` (a server that accepts and never answers
    /// must not hang evmon); on failure closes the channel and says which check failed.
    private static func finishHandshake(
        _ handshake: EventLoopPromise<Void>, on channel: any Channel, host: String, port: Int, tls: TLSClient, timeout: TimeAmount
    ) async throws {
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            handshake.fail(TLSFailure.noAnswer(server: "\(host):\(port)", seconds: timeout.nanoseconds / 1_000_000_000))
        }
        defer { timer.cancel() }
        do {
            try await handshake.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw await TLSInspection.explain(error, host: host, port: port, client: tls, connectTimeout: timeout)
        }
    }
}
