import DequeModule
import KafkaWire
import NIOCore

/// Matches response frames to requests. Kafka answers in request order on a connection, so a
/// FIFO of promises suffices; the correlation id is checked when the response is decoded.
///
/// How a promise fails tells a write whether it may have been stored: a request refused because
/// the connection is closed fails with `KafkaConnectionError.closed` (never sent); one already
/// handed on when the connection closes fails with `closedAwaitingResponse`, and when it errors,
/// with that error (sent, answer unknown).
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
            failAll(KafkaConnectionError.closedAwaitingResponse)
            context.close(promise: nil)
            return
        }
        promise.succeed(frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaConnectionError.closedAwaitingResponse)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    /// Fails every pending request; they were all handed on, so none may fail with `.closed`.
    private func failAll(_ error: any Error) {
        closed = true
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
