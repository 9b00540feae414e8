import NIOCore
import NIOTLS
import Synchronization

/// Sits behind the TLS handler and completes `done` when the handshake does (or fails with
/// what broke it), so a connection is handed out only once it is encrypted and verified.
///
/// It stays in the pipeline for the TLS alerts that end a connection later (TLS 1.3 servers
/// refuse a missing client certificate only after the handshake): it words them as a
/// `TLSFailure` for the protocol's handlers and keeps that failure in `TLSFailureLog`, since
/// by the time a request finds the connection closed, the pipeline is gone.
final class TLSHandshakeWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let done: EventLoopPromise<Void>
    private let server: String
    private let presentedCertificate: Bool
    private var finished = false

    init(done: EventLoopPromise<Void>, server: String, presentedCertificate: Bool) {
        self.done = done
        self.server = server
        self.presentedCertificate = presentedCertificate
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { finish(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        guard finished, let failure = TLSFailure.classify(error, server: server, presentedCertificate: presentedCertificate) else {
            context.fireErrorCaught(error)
            return
        }
        TLSFailureLog.record(failure, on: context.channel)
        context.fireErrorCaught(failure)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(TLSFailure.closedDuringHandshake))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<Void, any Error>) {
        guard !finished else { return }
        finished = true
        done.completeWith(result)
    }
}

/// The TLS failures that ended connections, by channel, until someone asks why the channel
/// closed. Holds channels weakly: an entry nobody asks for goes when its channel does.
enum TLSFailureLog {
    private struct Entry {
        weak var channel: (any Channel)?
        var failure: TLSFailure
    }

    private static let entries = Mutex<[Entry]>([])

    static func record(_ failure: TLSFailure, on channel: any Channel) {
        entries.withLock { entries in
            entries.removeAll { $0.channel == nil }
            entries.append(Entry(channel: channel, failure: failure))
        }
    }

    /// The failure that ended `channel`, taken out of the log.
    static func take(for channel: any Channel) -> TLSFailure? {
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.channel === channel }) else { return nil }
            return entries.remove(at: index).failure
        }
    }
}
