import NIOCore

/// Writes one uncompressed RecordBatch v2 (for Produce, and for test fixtures).
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

    public static func encode(_ entries: [Entry], baseOffset: Int64 = 0, baseTimestamp: Int64, attributes: Int16 = 0) -> ByteBuffer {
        var records = ByteBuffer()
        for (index, entry) in entries.enumerated() {
            var body = ByteBuffer()
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
        }
        var batch = ByteBuffer()
        batch.writeInteger(baseOffset)
        batch.writeInteger(Int32(0))  // batch length, set below
        batch.writeInteger(Int32(-1))  // partition leader epoch
        batch.writeInteger(Int8(2))
        batch.writeInteger(UInt32(0))  // CRC, set below
        let crcStart = batch.writerIndex
        batch.writeInteger(attributes)
        batch.writeInteger(Int32(max(0, entries.count - 1)))
        let maxTimestamp = baseTimestamp + (entries.map(\.timestampDelta).max() ?? 0)
        batch.writeInteger(baseTimestamp)
        batch.writeInteger(maxTimestamp)
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
