import DequeModule
import KafkaWire
import NIOCore

/// Matches response frames to requests. Kafka answers in request order on a connection, so a
/// FIFO of promises suffices; the correlation id is checked when the response is decoded.
final class KafkaResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Outgoing
    typealias OutboundOut = ByteBuffer

    /// A framed request and the promise its response frame completes.
    struct Outgoing {
        var frame: ByteBuffer
        var promise: EventLoopPromise<ByteBuffer>
    }

    private var pending: Deque<EventLoopPromise<ByteBuffer>> = []
    private var closed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outgoing = unwrapOutboundIn(data)
        guard !closed else {
            outgoing.promise.fail(KafkaConnectionError.closed)
            promise?.fail(KafkaConnectionError.closed)
            return
        }
        pending.append(outgoing.promise)
        context.write(wrapOutboundOut(outgoing.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let promise = pending.popFirst() else {
            // An answer nobody asked for: the stream is out of step, so nothing after it can be trusted.
            failAll(KafkaConnectionError.closed)
            context.close(promise: nil)
            return
        }
        promise.succeed(frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaConnectionError.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        closed = true
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
