import NIOCore
import RedisWire
import Synchronization
import EvmonModel

/// The next XRANGE page of a stream, asked for on the event loop the moment the previous page's
/// last id is known, before that page is parsed into records: Redis prepares page k+1 while
/// evmon parses page k, instead of waiting for the reader to ask. Used while a tail reads the
/// history of a single stream, the common `tail STREAM --from earliest` case.
///
/// A page asked for and not used (the tail moved on, reconnected, or stopped) is harmless: its
/// reply is matched to its command in order and dropped.
final class RedisPageAhead: Sendable {
    private struct Page {
        var connection: RedisConnection
        var topic: String
        var after: Offset
        var reply: EventLoopFuture<ByteBuffer>
    }

    private let page = Mutex<Page?>(nil)

    /// The page after `after` of `topic`, if it was asked for on `connection`.
    func take(topic: String, after: Offset, on connection: RedisConnection) -> EventLoopFuture<ByteBuffer>? {
        page.withLock { stored in
            defer { stored = nil }
            guard let found = stored, found.connection === connection, found.topic == topic, found.after == after else { return nil }
            return found.reply
        }
    }

    /// Asks for the page after the last entry of `frame` when `frame` was a full page.
    func askForNext(after frame: ByteBuffer, topic: String, count: Int, on connection: RedisConnection) {
        guard let (last, entries) = RedisEntryFrame.lastEntry(frame: frame), entries >= count else { return }
        let reply = connection.sendFrames([RedisTailPlan.range(topic, after: last, count: count)])[0]
        page.withLock { $0 = Page(connection: connection, topic: topic, after: last, reply: reply) }
    }
}
