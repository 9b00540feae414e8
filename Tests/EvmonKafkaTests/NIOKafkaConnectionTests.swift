import KafkaWire
import NIOCore
import NIOEmbedded
import Testing
import EvmonBrokerKit
@testable import EvmonKafka

/// The real request path over a testing channel: which failures say the request left evmon.
struct NIOKafkaConnectionTests {
    /// Fails every write, as a socket that cannot take the bytes does.
    final class RefusingWrites: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = ByteBuffer
        struct Refused: Error {}
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            promise?.fail(Refused())
        }
    }

    static let produce = ProduceRequest(
        topic: "orders", partition: 0, records: RecordBatchEncoder.encode([.init(key: nil, value: Array("replayed".utf8))], baseTimestamp: 1000))

    static func connect(refusingWrites: Bool = false) async throws -> (NIOKafkaConnection, NIOAsyncTestingChannel) {
        let channel = try await NIOAsyncTestingChannel { channel in
            if refusingWrites { try channel.pipeline.syncOperations.addHandler(RefusingWrites()) }
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
            try channel.pipeline.syncOperations.addHandler(OrderedReplyHandler(failures: .kafka))
        }
        try await channel.connect(to: .init(ipAddress: "127.0.0.1", port: 9092)).get()
        let versions = ApiVersionTable(ranges: [KafkaApi.produce.rawValue: KafkaApi.produce.supportedVersions])
        return (NIOKafkaConnection(channel: channel, requestTimeout: .seconds(8), versions: versions), channel)
    }

    @Test func aProduceWrittenAndNeverAnsweredTimesOut() async throws {
        let (connection, channel) = try await Self.connect()
        let answer = Task { try await connection.send(Self.produce, as: ProduceResponse.self) }
        _ = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        await channel.testingEventLoop.advanceTime(by: .seconds(9))
        await #expect(throws: KafkaConnectionError.timedOut(.produce)) { try await answer.value }
    }

    @Test func aProduceWrittenWhenTheConnectionClosesIsUnanswered() async throws {
        let (connection, channel) = try await Self.connect()
        let answer = Task { try await connection.send(Self.produce, as: ProduceResponse.self) }
        _ = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        try await channel.close()
        await #expect(throws: KafkaConnectionError.closedAwaitingResponse) { try await answer.value }
    }

    @Test func aProduceOnAClosedConnectionIsNeverSent() async throws {
        let (connection, channel) = try await Self.connect()
        try await channel.close()
        await #expect(throws: KafkaConnectionError.closed) { try await connection.send(Self.produce, as: ProduceResponse.self) }
    }

    @Test func aProduceWhoseWriteFailsIsNeverSent() async throws {
        let (connection, channel) = try await Self.connect(refusingWrites: true)
        await #expect(throws: KafkaConnectionError.closed) { try await connection.send(Self.produce, as: ProduceResponse.self) }
        _ = try? await channel.finish()
    }
}
