import NIOCore
import RedisWire
import EvmonRedis

/// Redis: the RESP decoder and the frame scanner (which must agree), and the entry-frame
/// parser that turns XRANGE/XREAD replies into records.
enum RedisFuzzTargets {
    static let all = [
        FuzzTarget("resp", run: resp),
        FuzzTarget("redis-entries", run: entries),
    ]

    static let limits = RESPLimits(maximumBulkLength: 1 << 16, maximumAggregateCount: 1 << 12, maximumDepth: 16, maximumReplyBytes: 1 << 20)

    /// Every frame the scanner cuts decodes as exactly one value, and the decoder reads the same
    /// frames from the whole input.
    static func resp(_ bytes: [UInt8]) {
        var scanner = RESPFrameScanner(limits: limits)
        var decoder = RESPDecoder(limits: limits, keepsAttributes: bytes.first.map { $0 & 1 == 1 } ?? false)
        var framed = ByteBuffer(bytes: bytes)
        var decoded = ByteBuffer(bytes: bytes)
        while true {
            guard let length = try? scanner.nextFrameLength(in: framed) else { return }
            let frame = framed.readSlice(length: length)!
            let value = try? RESPValue.decode(frame: frame, limits: limits)
            precondition(value != nil, "a frame the scanner passed decodes")
            let before = decoded.readerIndex
            precondition((try? decoder.decode(&decoded)) != nil, "the decoder reads the frame the scanner cut")
            precondition(decoded.readerIndex - before == length, "both end the frame at the same byte")
        }
    }

    /// First byte: which reply shape; the rest: a frame. The fast path never disagrees with
    /// itself: a page holds at least as many entries as it makes records (entries whose fields
    /// are null, deleted since, are counted but skipped).
    static func entries(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let shape = input.byte() % 3
        var scanner = RESPFrameScanner(limits: limits)
        var buffer = ByteBuffer(bytes: input.rest())
        guard let length = try? scanner.nextFrameLength(in: buffer), let frame = buffer.readSlice(length: length) else { return }
        switch shape {
        case 0:
            let records = RedisEntryFrame.records(topic: "s", frame: frame)
            if let last = RedisEntryFrame.lastEntry(frame: frame), let records {
                precondition(last.count >= records.count, "a page's entry count covers its records")
            }
        case 1: _ = RedisEntryFrame.lastEntry(frame: frame)
        default: _ = RedisEntryFrame.streams(frame: frame)
        }
    }
}
