import EvmonTestSupport
import NATSWire
import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import EvmonNATS
import EvmonBrokerKit
import EvmonModel

/// The connection's NATS side on an embedded channel: PINGs answered before anything else,
/// replies routed by their inbox token, deliveries batched per read, errors failing what waits.
struct NATSConnectionHandlerTests {
    static func channel() throws -> (EmbeddedChannel, EventLoopPromise<NATSServerInfo>) {
        let channel = EmbeddedChannel()
        let info = channel.eventLoop.makePromise(of: NATSServerInfo.self)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NATSOpDecoder()))
        try channel.pipeline.syncOperations.addHandler(NATSConnectionHandler(firstInfo: info))
        _ = channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 4222))
        return (channel, info)
    }

    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test func aServerPingIsAnsweredAtOnceEvenInTheMiddleOfARead() throws {
        let (channel, _) = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "MSG a 9 3\r\nabc\r\nPING\r\nMSG a 9 1\r\nx\r\n"))
        #expect(try Self.written(channel) == "PONG\r\n")
    }

    @Test func firstInfoCompletesTheHandshakeWaitAndRepliesFindTheirRequest() async throws {
        let (channel, info) = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: NATSServerBytes.info))
        #expect(try await info.futureResult.get().jetstream == true)
        let reply = channel.eventLoop.makePromise(of: NATSMessage.self)
        try await channel.writeAndFlush(NATSOutbound.request(.pub(subject: "$JS.API.INFO", reply: "_INBOX.x.r.r7", payload: []), token: "r7", promise: reply)).get()
        #expect(try Self.written(channel) == "PUB $JS.API.INFO _INBOX.x.r.r7 0\r\n\r\n")
        try channel.writeInbound(ByteBuffer(string: "MSG _INBOX.x.r.r6 1 2\r\nno\r\nMSG _INBOX.x.r.r7 1  2\r\n{}\r\n"))
        #expect(String(buffer: try await reply.futureResult.get().payload) == "{}")
    }

    @Test func deliveriesGoToTheirSubscriberAndReadCompleteIsToldOncePerRead() async throws {
        let (channel, _) = try Self.channel()
        let seen = Mutex<[String]>([])
        let subscriber = NATSSubscriber(
            deliver: { message in seen.withLock { $0.append(String(buffer: message.payload)) } },
            readComplete: { seen.withLock { $0.append("|") } })
        try await channel.writeAndFlush(NATSOutbound.subscribe(subject: "_INBOX.x.d.1", sid: 5, subscriber: subscriber)).get()
        #expect(try Self.written(channel) == "SUB _INBOX.x.d.1 5\r\n")
        try channel.writeInbound(ByteBuffer(string: "MSG _INBOX.x.d.1 5 1\r\na\r\nMSG _INBOX.x.d.1 5 1\r\nb\r\nMSG other 6 1\r\nc\r\n"))
        channel.pipeline.fireChannelReadComplete()
        try channel.writeInbound(ByteBuffer(string: "MSG _INBOX.x.d.1 5 1\r\nd\r\n"))
        channel.pipeline.fireChannelReadComplete()
        #expect(seen.withLock { $0 } == ["a", "b", "|", "d", "|"])
        try await channel.writeAndFlush(NATSOutbound.unsubscribe(sid: 5)).get()
        try channel.writeInbound(ByteBuffer(string: "MSG _INBOX.x.d.1 5 1\r\ne\r\n"))
        #expect(seen.withLock { $0.last } == "|", "nothing after UNSUB")
    }

    @Test func authorizationViolationFailsTheHandshakePingAsAuthentication() async throws {
        let (channel, _) = try Self.channel()
        let pong = channel.eventLoop.makePromise(of: Void.self)
        try await channel.writeAndFlush(NATSOutbound.ping(pong)).get()
        try channel.writeInbound(ByteBuffer(string: "-ERR 'Authorization Violation'\r\n"))
        await #expect(throws: NATSConnectionError.authenticationFailed("Authorization Violation")) { try await pong.futureResult.get() }
    }

    @Test func aPermissionsViolationLeavesEverythingElseWaiting() async throws {
        let (channel, _) = try Self.channel()
        let pong = channel.eventLoop.makePromise(of: Void.self)
        try await channel.writeAndFlush(NATSOutbound.ping(pong)).get()
        try channel.writeInbound(ByteBuffer(string: "-ERR 'Permissions Violation for Subscription to \"$JS.EVENT.>\"'\r\nPONG\r\n"))
        try await pong.futureResult.get()
    }

    @Test func garbageFromTheServerClosesTheConnectionAndFailsWaitingRequests() async throws {
        let (channel, _) = try Self.channel()
        let reply = channel.eventLoop.makePromise(of: NATSMessage.self)
        try await channel.writeAndFlush(NATSOutbound.request(.pub(subject: "s", reply: "_INBOX.x.r.r1", payload: []), token: "r1", promise: reply)).get()
        // The handler takes the decoder's error, records why and closes the connection.
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n"))
        #expect(!channel.isActive)
        await #expect {
            try await reply.futureResult.get()
        } throws: { error in
            // Unreadable, not a plain protocol error: a tail ends rather than reconnecting to it.
            guard case .unreadable(let why) = error as? NATSConnectionError else { return false }
            return why.contains("unknown operation 'HTTP/1.1'")
        }
    }
}

/// A server that speaks NATS but not as evmon needs: TLS only. Credentials never go out then.
struct NATSHandshakeRefusalTests {
    @Test func aServerRequiringTLSIsRefusedBeforeCONNECT() async throws {
        let (listener, port) = try await FakeServer.start(info: #"INFO {"server_id":"x","max_payload":1048576,"tls_required":true,"jetstream":true}"#)
        defer { listener.stop() }
        await #expect(throws: NATSConnectionError.tlsRequired) {
            _ = try await NIONATSConnection.connect(host: "127.0.0.1", port: port, credentials: .userPassword(user: "u", password: "secret"), tls: nil)
        }
        #expect(!listener.received.contains("secret"))
    }

    /// Something between evmon and the server that strips `tls_required` from INFO cannot talk a
    /// URL that asked for TLS into plain text: evmon refuses before CONNECT.
    @Test func aURLAskingForTLSNeverFallsBackWhenINFOLeavesTLSOut() async throws {
        let (listener, port) = try await FakeServer.start(info: #"INFO {"server_id":"x","max_payload":1048576,"jetstream":true}"#)
        defer { listener.stop() }
        let tls = try TLSClient(TLSOptions(), keyPassword: nil)
        await #expect {
            _ = try await NIONATSConnection.connect(host: "127.0.0.1", port: port, credentials: .userPassword(user: "u", password: "secret"), tls: tls)
        } throws: { error in
            String(describing: error).contains("does not offer TLS") && String(describing: error).contains("does not fall back to plain text")
        }
        #expect(!listener.received.contains("secret") && !listener.received.contains("CONNECT"))
    }
}
