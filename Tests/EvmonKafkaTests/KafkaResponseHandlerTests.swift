import NIOCore
import NIOEmbedded
import Testing
import EvmonBrokerKit
@testable import EvmonKafka

/// How the response handler fails Kafka requests tells a write whether it may have been stored.
struct KafkaResponseHandlerTests {
    struct Reset: Error, Equatable {}

    static func send(_ channel: EmbeddedChannel, _ text: String) -> (answer: EventLoopFuture<ByteBuffer>, written: EventLoopFuture<Void>) {
        let answer = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let written = channel.writeAndFlush(OrderedReplyHandler.Outgoing(bytes: ByteBuffer(string: text), promises: [answer]))
        return (answer.futureResult, written)
    }

    @Test func requestsSentBeforeTheConnectionClosedFailAsUnansweredAndLaterOnesAsNeverSent() async throws {
        let channel = EmbeddedChannel(handler: OrderedReplyHandler(failures: .kafka))
        try await channel.connect(to: .init(ipAddress: "127.0.0.1", port: 9092)).get()
        let answered = Self.send(channel, "first")
        let unanswered = Self.send(channel, "second")
        try await unanswered.written.get()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "first"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "second"))
        try channel.writeInbound(ByteBuffer(string: "answer"))
        #expect(try await answered.answer.get() == ByteBuffer(string: "answer"))

        channel.pipeline.fireChannelInactive()
        await #expect(throws: KafkaConnectionError.closedAwaitingResponse) { try await unanswered.answer.get() }
        let refused = Self.send(channel, "third")
        await #expect(throws: KafkaConnectionError.closed) { try await refused.answer.get() }
        await #expect(throws: KafkaConnectionError.closed) { try await refused.written.get() }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test func requestsSentBeforeAnErrorFailWithItAndMayHaveReachedTheBroker() async throws {
        let channel = EmbeddedChannel(handler: OrderedReplyHandler(failures: .kafka))
        try await channel.connect(to: .init(ipAddress: "127.0.0.1", port: 9092)).get()
        let unanswered = Self.send(channel, "request")
        try await unanswered.written.get()
        channel.pipeline.fireErrorCaught(Reset())
        let error = await #expect(throws: Reset.self) { try await unanswered.answer.get() }
        #expect(error.map(KafkaRetry.mayHaveReachedBroker) == true)
        _ = try? channel.finish()
    }
}
