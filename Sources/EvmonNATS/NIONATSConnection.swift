import Foundation
import NATSWire
import NIOCore
import NIOPosix
import Synchronization
import EvmonBrokerKit

/// One TCP connection to a NATS server on SwiftNIO: handshake, subscriptions, publishes and
/// request/reply through one wildcard inbox subscription.
final class NIONATSConnection: Sendable {
    let channel: any Channel
    let info: NATSServerInfo
    /// `_INBOX.<random>`: request replies arrive on `<inboxPrefix>.r.<token>`, deliveries on
    /// `<inboxPrefix>.d.<n>`; the request wildcard `<inboxPrefix>.r.*` must never match a delivery
    /// subject, or the server would send every delivered message twice.
    let inboxPrefix: String
    private let handler: NIOLoopBound<NATSConnectionHandler>
    private let nextSID = Atomic<UInt64>(NATSConnectionHandler.inboxSID + 1)
    private let nextToken = Atomic<UInt64>(1)

    private init(channel: any Channel, info: NATSServerInfo, inboxPrefix: String, handler: NIOLoopBound<NATSConnectionHandler>) {
        self.channel = channel
        self.info = info
        self.inboxPrefix = inboxPrefix
        self.handler = handler
    }

    /// A server that accepts but never speaks must still make evmon give up within ~4 s.
    static let handshakeTimeout: TimeAmount = .seconds(4)

    /// Connects, reads INFO, starts TLS when asked, authenticates with CONNECT + PING, checks
    /// for JetStream, and subscribes the request inbox.
    static func connect(
        host: String, port: Int, credentials: NATSCredentials, tls: TLSClient?, connectTimeout: TimeAmount = .seconds(3)
    ) async throws -> NIONATSConnection {
        let group = MultiThreadedEventLoopGroup.singleton
        let loop = group.next()
        let firstInfo = loop.makePromise(of: NATSServerInfo.self)
        let channel: any Channel
        do {
            // Deliveries come in bulk: a larger first receive buffer than request/reply brokers.
            channel = try await BrokerSocket.connect(
                host: host, port: port, connectTimeout: connectTimeout, group: loop, initialReceiveBuffer: 256 * 1024, minimumReceiveBuffer: 4096
            ) { channel in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NATSOpDecoder()))
                try channel.pipeline.syncOperations.addHandler(NATSConnectionHandler(firstInfo: firstInfo))
            }
        } catch {
            firstInfo.fail(NATSConnectionError.closed("not connected"))
            throw NATSConnectionError.connectFailed(describe(error))
        }
        do {
            let timeout = loop.scheduleTask(in: handshakeTimeout) {
                firstInfo.fail(NATSConnectionError.connectFailed("no INFO from the server within 4 s (is it a NATS server?)"))
            }
            let info = try await firstInfo.futureResult.get()
            timeout.cancel()
            if let tls {
                // A server (or anything between) that leaves TLS out of INFO must not talk evmon
                // into plain text: the URL asked for TLS, so it is TLS or nothing.
                guard info.tlsRequired == true || info.tlsAvailable == true else {
                    throw NATSConnectionError.authenticationFailed(
                        "TLS: \(host):\(port) does not offer TLS (its INFO has neither tls_required nor tls_available); evmon does not fall back to plain text")
                }
                do {
                    try await BrokerSocket.startTLS(on: channel, host: host, port: port, tls: tls, timeout: handshakeTimeout)
                } catch let failure as TLSFailure {
                    throw failure.isFinal ? NATSConnectionError.authenticationFailed(failure.description) : NATSConnectionError.connectFailed(failure.description)
                }
            } else if info.tlsRequired == true {
                // Credentials must never go out in clear text to a server that expects TLS.
                throw NATSConnectionError.tlsRequired
            }
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: NATSConnectionHandler.self), eventLoop: channel.eventLoop)
            }.get()
            let connection = NIONATSConnection(channel: channel, info: info, inboxPrefix: "_INBOX." + randomToken(22), handler: handler)
            try await connection.handshake(credentials: credentials, tls: tls != nil)
            guard info.jetstream == true else { throw NATSConnectionError.noJetStream }
            return connection
        } catch {
            channel.close(promise: nil)
            let explained = BrokerSocket.explainAfterHandshake(error, on: channel)
            if let failure = explained as? TLSFailure { throw NATSConnectionError.authenticationFailed(failure.description) }
            throw error
        }
    }

    private func handshake(credentials: NATSCredentials, tls: Bool) async throws {
        let connect = try ConnectOptions(credentials: credentials, nonce: info.nonce, tls: tls)
        let json = String(decoding: try JSONEncoder().encode(connect), as: UTF8.self)
        channel.write(NATSOutbound.op(.connect(json: json)), promise: nil)
        try await ping(timeout: Self.handshakeTimeout, what: "the handshake (CONNECT, PING)")
        let inbox = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(NATSOutbound.subscribe(subject: inboxPrefix + ".r.*", sid: NATSConnectionHandler.inboxSID, subscriber: NATSSubscriber { _ in }), promise: inbox)
        try await inbox.futureResult.get()
    }

    /// PING, then waits for the PONG: every operation sent before it has been processed.
    func ping(timeout: TimeAmount = .seconds(5), what: String = "PING") async throws {
        let pong = channel.eventLoop.makePromise(of: Void.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            pong.fail(NATSConnectionError.timedOut(what))
        }
        pong.futureResult.whenComplete { _ in timer.cancel() }
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in pong.fail(NATSConnectionError.closed("not connected")) }
        channel.writeAndFlush(NATSOutbound.ping(pong), promise: written)
        do {
            try await pong.futureResult.get()
        } catch let error as NATSConnectionError {
            if case .timedOut = error { throw NATSConnectionError.connectFailed("\(what) timed out after \(timeout.nanoseconds / 1_000_000_000) s") }
            throw error
        }
    }

    var isActive: Bool { channel.isActive }

    /// Completes when the connection ends, with the reason.
    /// Calls `body` once the connection is closed, with why and whether the server broke the
    /// protocol (then reconnecting would only meet the same bytes again).
    func whenClosed(_ body: @escaping @Sendable (_ reason: String, _ unreadable: Bool) -> Void) {
        channel.closeFuture.whenComplete { [handler] _ in
            let failure = handler.value.failure
            var unreadable = false
            if case .unreadable? = failure { unreadable = true }
            body(failure?.description ?? "the server closed the connection", unreadable)
        }
    }

    /// A fresh subject under this connection's inbox, for a push consumer's deliveries.
    func newInbox() -> String {
        inboxPrefix + ".d." + String(nextToken.wrappingAdd(1, ordering: .relaxed).oldValue)
    }

    /// Subscribes; the subscriber is called on the event loop, so it must be quick.
    func subscribe(_ subject: String, subscriber: NATSSubscriber) async throws -> UInt64 {
        let sid = nextSID.wrappingAdd(1, ordering: .relaxed).oldValue
        let written = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(NATSOutbound.subscribe(subject: subject, sid: sid, subscriber: subscriber), promise: written)
        try await written.futureResult.get()
        return sid
    }

    func unsubscribe(_ sid: UInt64) {
        channel.writeAndFlush(NATSOutbound.unsubscribe(sid: sid), promise: nil)
    }

    /// Publishes without waiting (flow-control answers, fire-and-forget).
    func publish(_ op: NATSClientOp) {
        channel.writeAndFlush(NATSOutbound.op(op), promise: nil)
    }

    /// Publishes `payload` (with `headers`) to `subject` with a reply subject of its own and
    /// waits for the one reply.
    func request(_ subject: String, headers: NATSHeaders? = nil, payload: [UInt8], timeout: TimeAmount = .seconds(5)) async throws -> NATSMessage {
        let token = "r" + String(nextToken.wrappingAdd(1, ordering: .relaxed).oldValue)
        let reply = inboxPrefix + ".r." + token
        let op: NATSClientOp = headers.map { .hpub(subject: subject, reply: reply, headers: $0, payload: payload) }
            ?? .pub(subject: subject, reply: reply, payload: payload)
        let promise = channel.eventLoop.makePromise(of: NATSMessage.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) { [handler] in
            handler.value.forget(token: token)
            promise.fail(NATSConnectionError.timedOut("request on \(subject)"))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { [handler] error in
            // Never written: nothing will answer it.
            handler.value.forget(token: token)
            promise.fail(error as? NATSWireError ?? NATSConnectionError.closed("not connected"))
        }
        channel.writeAndFlush(NATSOutbound.request(op, token: token, promise: promise), promise: written)
        let message = try await promise.futureResult.get()
        if let status = try message.headers()?.status, status == 503 { throw NATSConnectionError.noResponders(subject: subject) }
        return message
    }

    func close() {
        channel.close(promise: nil)
    }

    /// `connection refused` rather than NIO's type dumps.
    static func describe(_ error: any Error) -> String {
        NetworkErrorText.describe(error)
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
