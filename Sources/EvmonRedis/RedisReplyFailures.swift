import EvmonBrokerKit
import NIOCore
import RedisWire

extension OrderedReplyHandler.Failures {
    /// Redis answers in command order. A command refused on a closed connection is `.closed`
    /// (never sent); one handed on is `.closedAwaitingResponse` (sent, answer unknown), and
    /// bytes that are not RESP are a protocol violation, which no reconnect cures.
    static let redis = OrderedReplyHandler.Failures(
        notSent: RedisConnectionError.closed, closedAwaitingReply: RedisConnectionError.closedAwaitingResponse,
        unsolicited: RedisConnectionError.protocolViolation("a reply that answers no command"),
        caught: { error in
            if let decoding = error as? RESPDecodingError { return RedisConnectionError.protocolViolation(decoding.description) }
            return RedisConnectionError.closedAwaitingResponse
        })
}

enum RedisPush {
    /// A push frame (RESP3 out-of-band data, answering no command), possibly after a top-level
    /// attribute (decoded only in that rare case).
    static func isPush(_ frame: ByteBuffer) -> Bool {
        switch frame.getInteger(at: frame.readerIndex, as: UInt8.self) {
        case UInt8(ascii: ">"): return true
        case UInt8(ascii: "|"):
            if case .push = try? RESPValue.decode(frame: frame) { return true }
            return false
        default: return false
        }
    }
}
