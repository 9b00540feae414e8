import NATSWire
import NIOCore

/// What the connection asks its handler to do; always handled on the channel's event loop, so the
/// subscription and request tables need no lock.
enum NATSOutbound: Sendable {
    case op(NATSClientOp)
    /// `SUB` and route its messages to the subscriber (called on the event loop).
    case subscribe(subject: String, sid: UInt64, subscriber: NATSSubscriber)
    case unsubscribe(sid: UInt64)
    /// Publish with a reply subject under the request inbox; `promise` gets the reply.
    case request(NATSClientOp, token: String, promise: EventLoopPromise<NATSMessage>)
    /// `PING`; `promise` completes on the `PONG`.
    case ping(EventLoopPromise<Void>)
}

/// The NATS side of one connection: answers the server's PINGs at once, routes MSG/HMSG to their
/// subscriptions, replies under the request inbox to their waiting requests, and fails whatever
/// waits when the connection ends.
final class NATSConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = NATSServerOp
    typealias OutboundIn = NATSOutbound
    typealias OutboundOut = ByteBuffer

    /// The sid of the wildcard subscription every request reply comes through.
    static let inboxSID: UInt64 = 1

    private var subscriptions: [UInt64: NATSSubscriber] = [:]
    /// Subscriptions that got messages during the current read, told once it completes.
    private var touched: [UInt64] = []
    private var requests: [String: EventLoopPromise<NATSMessage>] = [:]
    private var pings: [EventLoopPromise<Void>] = []
    /// The first INFO; the handshake waits for it.
    let firstInfo: EventLoopPromise<NATSServerInfo>
    private var sawInfo = false
    /// Why the connection ended, when the server or the decoder said.
    private(set) var failure: NATSConnectionError?

    init(firstInfo: EventLoopPromise<NATSServerInfo>) {
        self.firstInfo = firstInfo
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .message(let message):
            if message.sid == Self.inboxSID {
                // The token is the last subject token: `_INBOX.<id>.r.<token>`.
                let subject = message.subjectString
                let token = subject.lastIndex(of: ".").map { String(subject[subject.index(after: $0)...]) } ?? subject
                requests.removeValue(forKey: token)?.succeed(message)
            } else {
                guard let subscriber = subscriptions[message.sid] else { return }
                subscriber.deliver(message)
                if touched.last != message.sid { touched.append(message.sid) }
            }
        case .ping:
            // Unanswered PINGs get us disconnected, so answer before anything else waiting.
            write(context, .pong)
            context.flush()
        case .pong:
            if !pings.isEmpty { pings.removeFirst().succeed(()) }
        case .info(let info):
            if !sawInfo {
                sawInfo = true
                firstInfo.succeed(info)
            }
        case .ok:
            break
        case .error(let text):
            let error: NATSConnectionError = text.lowercased().contains("authorization violation") || text.lowercased().contains("authentication")
                ? .authenticationFailed(text) : .protocolError("the server said: \(text)")
            // A permissions error leaves the connection up; the server closes it for the others.
            guard !text.lowercased().hasPrefix("permissions violation") else { return }
            failure = failure ?? error
            failWaiting(error)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .op(let op):
            write(context, op, promise: promise)
        case .subscribe(let subject, let sid, let subscriber):
            subscriptions[sid] = subscriber
            write(context, .sub(subject: subject, queue: nil, sid: sid), promise: promise)
        case .unsubscribe(let sid):
            subscriptions[sid] = nil
            write(context, .unsub(sid: sid, max: nil), promise: promise)
        case .request(let op, let token, let reply):
            requests[token] = reply
            write(context, op, promise: promise)
        case .ping(let pong):
            pings.append(pong)
            write(context, .ping, promise: promise)
        }
    }

    private func write(_ context: ChannelHandlerContext, _ op: NATSClientOp, promise: EventLoopPromise<Void>? = nil) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        do {
            try op.encode(into: &buffer)
        } catch {
            promise?.fail(error)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    /// Forgets a request that timed out, so a late reply is dropped.
    func forget(token: String) {
        requests[token] = nil
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // One wake-up per socket read rather than per message: readers take whole reads at once.
        if !touched.isEmpty {
            var told: Set<UInt64> = []
            for sid in touched where told.insert(sid).inserted { subscriptions[sid]?.readComplete() }
            touched.removeAll(keepingCapacity: true)
        }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let unreadable = (error as? NATSWireError).map { NATSConnectionError.unreadable($0.description) }
        failure = failure ?? unreadable ?? .protocolError(NIONATSConnection.describe(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failWaiting(failure ?? .closed("the server closed the connection"))
        subscriptions = [:]
        context.fireChannelInactive()
    }

    private func failWaiting(_ error: NATSConnectionError) {
        if !sawInfo {
            sawInfo = true
            firstInfo.fail(error)
        }
        let waiting = requests.values
        requests = [:]
        for request in waiting { request.fail(error) }
        let pending = pings
        pings = []
        for ping in pending { ping.fail(error) }
    }
}

/// Where a subscription's messages go. Both calls come on the event loop and must be quick.
struct NATSSubscriber: Sendable {
    /// One message.
    var deliver: @Sendable (NATSMessage) -> Void
    /// The socket read that brought messages is done.
    var readComplete: @Sendable () -> Void = {}
}
