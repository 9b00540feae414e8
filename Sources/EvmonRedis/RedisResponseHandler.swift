import DequeModule
import NIOCore
import RedisWire

/// Matches reply frames (cut by `RESPFrameDecoder`, not yet decoded) to commands. Redis answers
/// in command order on a connection, so a FIFO of promises suffices; push frames (`>`, RESP3
/// out-of-band data) answer no command and are dropped.
///
/// As in `KafkaResponseHandler`, a command refused because the connection is closed fails with
/// `.closed` (never sent); one handed on when the connection closes fails with
/// `.closedAwaitingResponse` (sent, answer unknown).
final class RedisResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Outgoing
    typealias OutboundOut = ByteBuffer

    /// Encoded commands and one promise per command, completed in order.
    struct Outgoing {
        var bytes: ByteBuffer
        var promises: [EventLoopPromise<ByteBuffer>]
    }

    private var pending: Deque<EventLoopPromise<ByteBuffer>> = []
    private var closed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outgoing = unwrapOutboundIn(data)
        guard !closed else {
            for waiting in outgoing.promises { waiting.fail(RedisConnectionError.closed) }
            promise?.fail(RedisConnectionError.closed)
            return
        }
        pending.append(contentsOf: outgoing.promises)
        context.write(wrapOutboundOut(outgoing.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if Self.isPush(frame) { return }
        guard let promise = pending.popFirst() else {
            // A reply nobody asked for: the stream is out of step, so nothing after it can be trusted.
            failAll(RedisConnectionError.protocolViolation("a reply that answers no command"))
            context.close(promise: nil)
            return
        }
        promise.succeed(frame)
    }

    /// A push frame, possibly after a top-level attribute (decoded only in that rare case).
    static func isPush(_ frame: ByteBuffer) -> Bool {
        switch frame.getInteger(at: frame.readerIndex, as: UInt8.self) {
        case UInt8(ascii: ">"): return true
        case UInt8(ascii: "|"):
            if case .push = try? RESPValue.decode(frame: frame) { return true }
            return false
        default: return false
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisConnectionError.closedAwaitingResponse)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let decoding = error as? RESPDecodingError {
            failAll(RedisConnectionError.protocolViolation(decoding.description))
        } else {
            failAll(RedisConnectionError.closedAwaitingResponse)
        }
        context.close(promise: nil)
    }

    /// Fails every pending command; they were all handed on, so none may fail with `.closed`.
    private func failAll(_ error: RedisConnectionError) {
        closed = true
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
