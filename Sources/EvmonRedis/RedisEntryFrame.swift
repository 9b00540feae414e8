import NIOCore
import EvmonModel

/// Parses the replies a tail reads most (XRANGE/XREVRANGE entries, XREAD streams) straight from
/// a complete frame into records, without building `RESPValue` trees first: per entry, the only
/// allocations are the records' own (field values, the header list, the value view).
///
/// Frames come from `RESPFrameScanner`, which has checked their syntax. Anything of another
/// shape (an error reply, an attribute, a map where an array was expected) returns `nil`, and
/// the caller decodes the frame generically instead; so this is a fast path, never a second
/// opinion on what the reply means.
public enum RedisEntryFrame {
    /// The records of an XRANGE/XREVRANGE reply (`*N` of `[id, [field, value…]]`).
    public static func records(topic: String, frame: ByteBuffer) -> [Record]? {
        frame.withUnsafeReadableBytes { bytes in
            var reader = FrameReader(bytes: bytes)
            guard let records = reader.entries(topic: topic), reader.atEnd else { return nil }
            return records
        }
    }

    /// The id of the last entry of an XRANGE reply and how many entries it holds, found by
    /// skipping over the fields (no copies): enough to ask for the next page before parsing this one.
    public static func lastEntry(frame: ByteBuffer) -> (id: Offset, count: Int)? {
        frame.withUnsafeReadableBytes { bytes in
            var reader = FrameReader(bytes: bytes)
            guard let count = reader.header(UInt8(ascii: "*")), count > 0 else { return nil }
            var last: UnsafeRawBufferPointer?
            for _ in 0..<count {
                guard reader.header(UInt8(ascii: "*")) == 2, let id = reader.bulk() else { return nil }
                last = id
                if reader.null() { continue }
                guard let flat = reader.header(UInt8(ascii: "*")) else { return nil }
                for _ in 0..<flat { guard reader.bulk() != nil else { return nil } }
            }
            guard let last, let id = RedisStreamID.parse(last) else { return nil }
            return (id, count)
        }
    }

    /// The streams of an XREAD reply: a RESP3 map or RESP2 array of key → entries, or null.
    public static func streams(frame: ByteBuffer) -> [(String, [Record])]? {
        frame.withUnsafeReadableBytes { bytes in
            var reader = FrameReader(bytes: bytes)
            if reader.null() { return reader.atEnd ? [] : nil }
            var streams: [(String, [Record])] = []
            if let count = reader.header(UInt8(ascii: "%")) {
                for _ in 0..<count {
                    guard let key = reader.bulk(), let records = reader.entries(topic: String(decoding: key, as: UTF8.self)) else { return nil }
                    streams.append((records.first?.topic ?? String(decoding: key, as: UTF8.self), records))
                }
            } else if let count = reader.header(UInt8(ascii: "*")) {
                for _ in 0..<count {
                    guard reader.header(UInt8(ascii: "*")) == 2, let key = reader.bulk(),
                        let records = reader.entries(topic: String(decoding: key, as: UTF8.self))
                    else { return nil }
                    streams.append((records.first?.topic ?? String(decoding: key, as: UTF8.self), records))
                }
            } else {
                return nil
            }
            return reader.atEnd ? streams : nil
        }
    }
}

/// A cursor over one frame's bytes that reads only the forms stream replies use.
private struct FrameReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index == bytes.count }

    /// `<prefix><count>\r\n` with a non-negative count; nothing consumed otherwise.
    mutating func header(_ prefix: UInt8) -> Int? {
        guard index < bytes.count, bytes[index] == prefix else { return nil }
        var cursor = index + 1
        var value = 0
        var digits = 0
        while cursor < bytes.count, bytes[cursor] != 13 {
            let digit = Int(bytes[cursor]) - 48
            guard digit >= 0, digit <= 9, digits < 18 else { return nil }
            value = value * 10 + digit
            digits += 1
            cursor += 1
        }
        guard digits > 0, cursor + 1 < bytes.count, bytes[cursor + 1] == 10 else { return nil }
        index = cursor + 2
        return value
    }

    /// A bulk string's bytes (a view into the frame).
    mutating func bulk() -> UnsafeRawBufferPointer? {
        let start = index
        guard let length = header(UInt8(ascii: "$")), index + length + 2 <= bytes.count else {
            index = start
            return nil
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[index..<(index + length)])
        index += length + 2
        return data
    }

    /// A null in either protocol (`_`, `*-1`, `$-1`), consumed.
    mutating func null() -> Bool {
        let rest = bytes.count - index
        if rest >= 3, bytes[index] == UInt8(ascii: "_") {
            index += 3
            return true
        }
        if rest >= 5, bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "-"),
            bytes[index + 2] == UInt8(ascii: "1")
        {
            index += 5
            return true
        }
        return false
    }

    /// `*N` entries of `[id, [field, value…]]` (an entry with null fields is skipped).
    mutating func entries(topic: String) -> [Record]? {
        if null() { return [] }
        guard let count = header(UInt8(ascii: "*")) else { return nil }
        var records: [Record] = []
        records.reserveCapacity(min(count, 100_000))
        for _ in 0..<count {
            guard header(UInt8(ascii: "*")) == 2, let idBytes = bulk(), let id = RedisStreamID.parse(idBytes) else { return nil }
            if null() { continue }
            guard let flat = header(UInt8(ascii: "*")), flat % 2 == 0 else { return nil }
            var headers: [Header] = []
            headers.reserveCapacity(flat / 2)
            for _ in 0..<(flat / 2) {
                guard let name = bulk(), let value = bulk() else { return nil }
                headers.append(Header(name: String(decoding: name, as: UTF8.self), value: Array(value)))
            }
            records.append(RedisEntries.record(topic: topic, id: id, fields: headers))
        }
        return records
    }
}
