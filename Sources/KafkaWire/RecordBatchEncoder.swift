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
    /// plain, as the format wants).
    public static func encode(
        _ entries: [Entry], baseOffset: Int64 = 0, baseTimestamp: Int64, attributes: Int16 = 0, codec: Decompressor.Codec = .none
    ) -> ByteBuffer {
        var records = ByteBuffer()
        // One body buffer for every record: its length prefix is known only once it is written.
        var body = ByteBuffer()
        var maxDelta: Int64 = 0
        for (index, entry) in entries.enumerated() {
            body.clear()
            body.writeInteger(Int8(0))
            body.writeVarint(entry.timestampDelta)
            body.writeVarint(Int64(index))
            writeField(entry.key, into: &body)
            writeField(entry.value, into: &body)
            body.writeVarint(Int64(entry.headers.count))
            for (name, value) in entry.headers {
                writeField(Array(name.utf8), into: &body)
                writeField(value, into: &body)
            }
            records.writeVarint(Int64(body.readableBytes))
            records.writeBuffer(&body)
            maxDelta = max(maxDelta, entry.timestampDelta)
        }
        if codec != .none {
            let compressed = records.withUnsafeReadableBytes { Compressor.compress($0, codec: codec) }
            records = ByteBuffer(bytes: compressed)
        }
        var batch = ByteBuffer()
        batch.reserveCapacity(61 + records.readableBytes)
        batch.writeInteger(baseOffset)
        batch.writeInteger(Int32(0))  // batch length, set below
        batch.writeInteger(Int32(-1))  // partition leader epoch
        batch.writeInteger(Int8(2))
        batch.writeInteger(UInt32(0))  // CRC, set below
        let crcStart = batch.writerIndex
        batch.writeInteger(attributes | Int16(codec.rawValue))
        batch.writeInteger(Int32(max(0, entries.count - 1)))
        batch.writeInteger(baseTimestamp)
        batch.writeInteger(baseTimestamp + maxDelta)
        batch.writeInteger(Int64(-1))  // producer id
        batch.writeInteger(Int16(-1))  // producer epoch
        batch.writeInteger(Int32(-1))  // base sequence
        batch.writeInteger(Int32(entries.count))
        batch.writeBuffer(&records)
        batch.setInteger(Int32(batch.writerIndex - 12), at: 8)
        let crc = batch.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[crcStart...])) }
        batch.setInteger(crc, at: 17)
        return batch
    }

    private static func writeField(_ bytes: [UInt8]?, into buffer: inout ByteBuffer) {
        guard let bytes else {
            buffer.writeVarint(-1)
            return
        }
        buffer.writeVarint(Int64(bytes.count))
        buffer.writeBytes(bytes)
    }
}
