import NIOCore

/// Writes one RecordBatch v2, compressed or not (for Produce, and for test fixtures).
public enum RecordBatchEncoder {
    /// A record to write; its offset is its position in the batch.
    public struct Entry: Sendable {
        public var key: [UInt8]?
        public var value: [UInt8]?
        public var headers: [(String, [UInt8]?)]
        public var timestampDelta: Int64

        public init(key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8]?)] = [], timestampDelta: Int64 = 0) {
            self.key = key
            self.value = value
            self.headers = headers
            self.timestampDelta = timestampDelta
        }
    }

    /// A batch of `entries`, their records compressed with `codec` (the batch header stays
    /// plain, as the format wants). Written into one array, each record's length worked out
    /// before its bytes, so nothing is written twice (produce encodes every message here).
    public static func encode(
        _ entries: [Entry], baseOffset: Int64 = 0, baseTimestamp: Int64, attributes: Int16 = 0, codec: Decompressor.Codec = .none
    ) -> ByteBuffer {
        var records: [UInt8] = []
        var size = 0
        for entry in entries { size += 24 + (entry.key?.count ?? 0) + (entry.value?.count ?? 0) + entry.headers.count * 16 }
        records.reserveCapacity(headerSize + size)
        // Uncompressed records follow the header in the same array; compressed ones are
        // written apart and replaced by what the codec makes of them.
        if codec == .none { records.append(contentsOf: repeatElement(0, count: headerSize)) }
        var maxDelta: Int64 = 0
        for (index, entry) in entries.enumerated() {
            var length = 1 + varintSize(entry.timestampDelta) + varintSize(Int64(index)) + fieldSize(entry.key?.count)
                + fieldSize(entry.value?.count) + varintSize(Int64(entry.headers.count))
            for (name, value) in entry.headers { length += fieldSize(name.utf8.count) + fieldSize(value?.count) }
            appendVarint(Int64(length), to: &records)
            records.append(0)
            appendVarint(entry.timestampDelta, to: &records)
            appendVarint(Int64(index), to: &records)
            appendField(entry.key, to: &records)
            appendField(entry.value, to: &records)
            appendVarint(Int64(entry.headers.count), to: &records)
            for (name, value) in entry.headers {
                appendVarint(Int64(name.utf8.count), to: &records)
                records.append(contentsOf: name.utf8)
                appendField(value, to: &records)
            }
            maxDelta = max(maxDelta, entry.timestampDelta)
        }
        var batch: [UInt8]
        if codec == .none {
            batch = records
        } else {
            let compressed = records.withUnsafeBytes { Compressor.compress($0, codec: codec) }
            batch = [UInt8](repeating: 0, count: headerSize)
            batch.reserveCapacity(headerSize + compressed.count)
            batch.append(contentsOf: compressed)
        }
        var header = ByteBuffer()
        header.reserveCapacity(headerSize)
        header.writeInteger(baseOffset)
        header.writeInteger(Int32(batch.count - 12))  // batch length: all after this field
        header.writeInteger(Int32(-1))  // partition leader epoch
        header.writeInteger(Int8(2))
        header.writeInteger(UInt32(0))  // CRC, set below
        header.writeInteger(attributes | Int16(codec.rawValue))
        header.writeInteger(Int32(max(0, entries.count - 1)))
        header.writeInteger(baseTimestamp)
        header.writeInteger(baseTimestamp + maxDelta)
        header.writeInteger(Int64(-1))  // producer id
        header.writeInteger(Int16(-1))  // producer epoch
        header.writeInteger(Int32(-1))  // base sequence
        header.writeInteger(Int32(entries.count))
        header.withUnsafeReadableBytes { raw in
            for index in 0..<headerSize { batch[index] = raw[index] }
        }
        // The CRC covers everything after its own field (attributes onwards).
        let crc = batch.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[crcStart...])) }
        for index in 0..<4 { batch[crcStart - 4 + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(index))) }
        return ByteBuffer(bytes: batch)
    }

    /// Bytes before the first record: offset, length, epoch, magic, CRC and the fields after it.
    private static let headerSize = 61
    /// Where the CRC's coverage starts (the attributes, right after the CRC).
    private static let crcStart = 21

    /// Bytes a zigzag varint of `value` takes.
    private static func varintSize(_ value: Int64) -> Int {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while rest >= 0x80 {
            rest >>= 7
            size += 1
        }
        return size
    }

    /// Bytes a length-prefixed field of `count` bytes takes (`nil`: the -1 of an absent one).
    private static func fieldSize(_ count: Int?) -> Int {
        guard let count else { return 1 }
        return varintSize(Int64(count)) + count
    }

    private static func appendVarint(_ value: Int64, to output: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }

    private static func appendField(_ bytes: [UInt8]?, to output: inout [UInt8]) {
        guard let bytes else {
            appendVarint(-1, to: &output)
            return
        }
        appendVarint(Int64(bytes.count), to: &output)
        output.append(contentsOf: bytes)
    }
}
