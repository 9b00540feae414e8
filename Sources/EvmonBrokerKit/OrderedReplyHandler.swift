import DequeModule
import NIOCore

/// Matches reply frames (cut by the protocol's frame decoder, not yet decoded) to requests, for
/// protocols whose server answers in request order on a connection (Kafka, Redis): a FIFO of
/// promises suffices. Frames `ignores` names (Redis pushes) answer no request and are dropped.
///
/// How a promise fails tells a write whether it may have been stored: a request refused because
/// the connection is closed fails with `Failures.notSent`; one already handed on when the
/// connection closes fails with `closedAwaitingReply`, and when the pipeline reports an error,
/// with what `caught` makes of it (sent, answer unknown).
public final class OrderedReplyHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundIn = Outgoing
    public typealias OutboundOut = ByteBuffer

    /// Encoded requests and one promise per reply they expect, completed in order.
    public struct Outgoing: Sendable {
        public var bytes: ByteBuffer
        public var promises: [EventLoopPromise<ByteBuffer>]

        /// `bytes` holding as many requests as there are `promises`.
        public init(bytes: ByteBuffer, promises: [EventLoopPromise<ByteBuffer>]) {
            self.bytes = bytes
            self.promises = promises
        }
    }

    /// The broker's own errors for each way a request can end without its reply.
    public struct Failures: Sendable {
        /// Refused before the socket: the connection was closed (never sent).
        public var notSent: any Error
        /// Handed on, and the connection closed before the reply came.
        public var closedAwaitingReply: any Error
        /// A reply that answers no request: nothing after it can be trusted.
        public var unsolicited: any Error
        /// What requests handed on fail with when the pipeline reports an error.
        public var caught: @Sendable (any Error) -> any Error

        /// The failures of one broker's connections.
        public init(
            notSent: any Error, closedAwaitingReply: any Error, unsolicited: any Error, caught: @escaping @Sendable (any Error) -> any Error
        ) {
            self.notSent = notSent
            self.closedAwaitingReply = closedAwaitingReply
            self.unsolicited = unsolicited
            self.caught = caught
        }
    }

    private let failures: Failures
    private let ignores: (ByteBuffer) -> Bool
    private var pending: Deque<EventLoopPromise<ByteBuffer>> = []
    private var closed = false

    /// A handler failing requests with `failures`; frames `ignores` names are dropped unanswered.
    public init(failures: Failures, ignores: @escaping (ByteBuffer) -> Bool = { _ in false }) {
        self.failures = failures
        self.ignores = ignores
    }

    /// Queues the requests' promises and hands their bytes on; a closed connection refuses them.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outgoing = unwrapOutboundIn(data)
        guard !closed else {
            for waiting in outgoing.promises { waiting.fail(failures.notSent) }
            promise?.fail(failures.notSent)
            return
        }
        pending.append(contentsOf: outgoing.promises)
        context.write(wrapOutboundOut(outgoing.bytes), promise: promise)
    }

    /// Completes the oldest waiting request with the frame.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if ignores(frame) { return }
        guard let promise = pending.popFirst() else {
            // A reply nobody asked for: the stream is out of step, so nothing after it can be trusted.
            failAll(failures.unsolicited)
            context.close(promise: nil)
            return
        }
        promise.succeed(frame)
    }

    /// Fails what waits: handed on, unanswered.
    public func channelInactive(context: ChannelHandlerContext) {
        failAll(failures.closedAwaitingReply)
        context.fireChannelInactive()
    }

    /// Fails what waits with the broker's word for `error`, and closes the connection.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(failures.caught(error))
        context.close(promise: nil)
    }

    /// Fails every pending request; they were all handed on, so none fails as not sent.
    private func failAll(_ error: any Error) {
        closed = true
        while let promise = pending.popFirst() { promise.fail(error) }
    }

    /// Writes `bytes` (from any thread) to a channel whose pipeline ends in this handler, and
    /// returns one future reply frame per request in them (`replies`). Past `timeout` the
    /// replies still missing fail with `timedOut` and the connection is closed, since its
    /// replies would be out of step with its requests from then on. A write the closed channel
    /// never hands to the handler fails them with `notSent`: it never reached the socket.
    public static func send(
        _ bytes: ByteBuffer, replies: Int, on channel: any Channel, timeout: TimeAmount, timedOut: any Error, notSent: any Error
    ) -> [EventLoopFuture<ByteBuffer>] {
        guard channel.isActive else { return (0..<replies).map { _ in channel.eventLoop.makeFailedFuture(notSent) } }
        let promises = (0..<replies).map { _ in channel.eventLoop.makePromise(of: ByteBuffer.self) }
        let timer = channel.eventLoop.scheduleTask(in: timeout) { [channel] in
            for promise in promises { promise.fail(timedOut) }
            channel.close(promise: nil)
        }
        promises.last?.futureResult.whenComplete { _ in timer.cancel() }
        // NIO fails unwritten writes before it reports the channel inactive, so a request it
        // could not write is not taken for one left unanswered.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in for promise in promises { promise.fail(notSent) } }
        channel.writeAndFlush(Outgoing(bytes: bytes, promises: promises), promise: written)
        return promises.map(\.futureResult)
    }
}
