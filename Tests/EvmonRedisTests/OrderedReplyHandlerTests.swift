import NIOCore
import NIOEmbedded
import RedisWire
import Testing
import EvmonBrokerKit
@testable import EvmonRedis

/// The request/reply plumbing Kafka and Redis connections share, seen with Redis's failures:
/// replies complete requests in order, pushes answer none, and every way a request ends
/// without its reply says whether it reached the socket.
struct OrderedReplyHandlerTests {
    static func channel() async throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: OrderedReplyHandler(failures: .redis, ignores: RedisPush.isPush))
        try await channel.connect(to: .init(ipAddress: "127.0.0.1", port: 6379)).get()
        return channel
    }

    static func send(_ channel: EmbeddedChannel, _ text: String, replies: Int = 1) -> [EventLoopFuture<ByteBuffer>] {
        OrderedReplyHandler.send(
            ByteBuffer(string: text), replies: replies, on: channel, timeout: .seconds(10),
            timedOut: RedisConnectionError.timedOut(command: text), notSent: RedisConnectionError.closed)
    }

    @Test func repliesCompleteRequestsInOrderAndPushesAnswerNone() async throws {
        let channel = try await Self.channel()
        let replies = Self.send(channel, "PING PING", replies: 2)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "PING PING"))
        try channel.writeInbound(ByteBuffer(string: "+first\r\n"))
        try channel.writeInbound(ByteBuffer(string: ">2\r\n+message\r\n+x\r\n"))
        try channel.writeInbound(ByteBuffer(string: "+second\r\n"))
        #expect(try await replies[0].get() == ByteBuffer(string: "+first\r\n"))
        #expect(try await replies[1].get() == ByteBuffer(string: "+second\r\n"))
        _ = try? channel.finish()
    }

    @Test func aReplyNobodyAskedForFailsWhatWaitsAndClosesTheConnection() async throws {
        let channel = try await Self.channel()
        let first = Self.send(channel, "GET a")[0]
        try channel.writeInbound(ByteBuffer(string: "+a\r\n"))
        #expect(try await first.get() == ByteBuffer(string: "+a\r\n"))
        try channel.writeInbound(ByteBuffer(string: "+stray\r\n"))
        #expect(!channel.isActive)
        let refused = Self.send(channel, "GET b")[0]
        await #expect(throws: RedisConnectionError.closed) { try await refused.get() }
    }

    @Test func bytesThatAreNotRESPAreAProtocolViolationForWhatWasSent() async throws {
        let channel = try await Self.channel()
        let waiting = Self.send(channel, "GET a")[0]
        channel.pipeline.fireErrorCaught(RESPDecodingError.unknownPrefix(0x21))
        let error = await #expect(throws: RedisConnectionError.self) { try await waiting.get() }
        if case .protocolViolation = error {} else { Issue.record("\(String(describing: error))") }
    }

    @Test func aRequestUnansweredInTimeTimesOutAndDropsTheConnection() async throws {
        let channel = try await Self.channel()
        let waiting = Self.send(channel, "XREAD")[0]
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        await #expect(throws: RedisConnectionError.timedOut(command: "XREAD")) { try await waiting.get() }
        #expect(!channel.isActive, "later replies would answer the wrong requests")
    }
}
