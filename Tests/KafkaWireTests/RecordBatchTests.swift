import CCompression
import KafkaWire
import NIOCore
import Testing

struct RecordBatchTests {
    static let entries: [RecordBatchEncoder.Entry] = [
        .init(key: nil, value: nil),
        .init(key: [], value: []),
        .init(key: [0xff, 0x00], value: Array("v".utf8), headers: [("h", [1]), ("h", nil), ("h", [])], timestampDelta: 5),
    ]

    @Test func roundTripsNullEmptyAndRepeatedHeaders() throws {
        let batch = RecordBatchEncoder.encode(Self.entries, baseOffset: 40, baseTimestamp: 1000)
        let decoded = try RecordBatchDecoder().decode(batch, fetchOffset: 40)
        #expect(decoded.nextOffset == 43)
        #expect(decoded.records == [
            KafkaRecord(offset: 40, timestamp: 1000, key: nil, value: nil),
            KafkaRecord(offset: 41, timestamp: 1000, key: [], value: []),
            KafkaRecord(
                offset: 42, timestamp: 1005, key: [0xff, 0x00], value: Array("v".utf8),
                headers: [.init(name: "h", value: [1]), .init(name: "h", value: nil), .init(name: "h", value: [])]),
        ])
    }

    @Test(arguments: [Decompressor.Codec.gzip, .snappy, .lz4, .zstd])
    func aCompressedBatchDecodesToTheSameRecords(codec: Decompressor.Codec) throws {
        let plain = RecordBatchEncoder.encode(Self.entries, baseOffset: 40, baseTimestamp: 1000)
        // Repetitive values, so that every codec really shrinks the records.
        let large = Self.entries + (0..<50).map { .init(key: Array("k\($0)".utf8), value: Array(repeating: UInt8(ascii: "x"), count: 300)) }
        let compressed = RecordBatchEncoder.encode(large, baseOffset: 40, baseTimestamp: 1000, codec: codec)
        #expect(compressed.getInteger(at: 21, as: Int16.self)! & 0x07 == Int16(codec.rawValue))
        #expect(compressed.readableBytes < RecordBatchEncoder.encode(large, baseOffset: 40, baseTimestamp: 1000).readableBytes / 4)
        let decoded = try RecordBatchDecoder().decode(compressed, fetchOffset: 40)
        #expect(decoded.records.count == large.count)
        #expect(Array(decoded.records.prefix(3)) == (try RecordBatchDecoder().decode(plain, fetchOffset: 40)).records)
        #expect(decoded.records.last?.value == Array(repeating: UInt8(ascii: "x"), count: 300))
    }

    @Test func aBadCRCIsACorruptBatchError() throws {
        var batch = RecordBatchEncoder.encode(Self.entries, baseOffset: 0, baseTimestamp: 1000)
        let last = batch.writerIndex - 1
        batch.setInteger(batch.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        #expect {
            try RecordBatchDecoder().decode(batch, fetchOffset: 0)
        } throws: { error in
            if case KafkaWireError.crcMismatch(let baseOffset, _, _) = error { return baseOffset == 0 }
            return false
        }
    }

    @Test func aPartialBatchAtTheEndIsLeftForTheNextFetch() throws {
        var set = RecordBatchEncoder.encode(Self.entries, baseOffset: 0, baseTimestamp: 1000)
        var second = RecordBatchEncoder.encode(Self.entries, baseOffset: 3, baseTimestamp: 1000)
        set.writeBuffer(&second)
        for cut in 1..<second.writerIndex {
            let truncated = set.getSlice(at: 0, length: set.writerIndex - cut)!
            let decoded = try RecordBatchDecoder().decode(truncated, fetchOffset: 0)
            #expect(decoded.records.count == 3)
            #expect(decoded.nextOffset == 3)
        }
    }

    /// Rewrites a field and fixes the CRC, so only the lie is left to catch.
    static func withField(_ batch: ByteBuffer, at offset: Int, _ write: (inout ByteBuffer, Int) -> Void) -> ByteBuffer {
        var copy = batch
        write(&copy, offset)
        let crc = copy.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        copy.setInteger(crc, at: 17)
        return copy
    }

    @Test func lyingCountsAndLengthsAreErrors() throws {
        let batch = RecordBatchEncoder.encode(Self.entries, baseOffset: 0, baseTimestamp: 1000)
        let hugeCount = Self.withField(batch, at: 57) { $0.setInteger(Int32.max, at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(hugeCount, fetchOffset: 0) }
        let negativeCount = Self.withField(batch, at: 57) { $0.setInteger(Int32(-5), at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(negativeCount, fetchOffset: 0) }
        // The first record's length varint claims more than the batch holds.
        let longRecord = Self.withField(batch, at: 61) { $0.setInteger(UInt8(0x7e), at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(longRecord, fetchOffset: 0) }
        let unknownCodec = Self.withField(batch, at: 21) { $0.setInteger(Int16(7), at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(unknownCodec, fetchOffset: 0) }
        var tooShort = batch
        tooShort.setInteger(Int32(3), at: 8)
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(tooShort, fetchOffset: 0) }
    }

    @Test func controlBatchesAndAbortedTransactionsAreNeverRecords() throws {
        // A transactional batch from producer −1 (as encoded) at 0…2, then its abort marker at 3.
        let transactional = Self.withField(RecordBatchEncoder.encode(Self.entries, baseOffset: 0, baseTimestamp: 1), at: 21) {
            $0.setInteger(Int16(0x10), at: $1)
        }
        let marker = Self.withField(RecordBatchEncoder.encode([.init(key: [0, 0, 0, 0], value: [0, 0, 0, 0, 0, 0])], baseOffset: 3, baseTimestamp: 1), at: 21) {
            $0.setInteger(Int16(0x30), at: $1)
        }
        let plain = RecordBatchEncoder.encode([.init(key: nil, value: [9])], baseOffset: 4, baseTimestamp: 1)
        var set = transactional
        var markerCopy = marker
        var plainCopy = plain
        set.writeBuffer(&markerCopy)
        set.writeBuffer(&plainCopy)
        let uncommitted = try RecordBatchDecoder().decode(set, fetchOffset: 0)
        #expect(uncommitted.records.map(\.offset) == [0, 1, 2, 4])
        #expect(uncommitted.nextOffset == 5)
        let committed = try RecordBatchDecoder().decode(
            set, fetchOffset: 0, abortedTransactions: [.init(producerID: -1, firstOffset: 0)])
        #expect(committed.records.map(\.offset) == [4])
    }

    @Test func decompressionIsCapped() throws {
        let plain = [UInt8](repeating: 0, count: 4 << 20)
        var compressed = [UInt8](repeating: 0, count: Int(compressBound(uLong(plain.count))))
        var compressedLength = uLongf(compressed.count)
        #expect(compress2(&compressed, &compressedLength, plain, uLong(plain.count), 9) == Z_OK)
        compressed.removeSubrange(Int(compressedLength)...)
        let whole = try compressed.withUnsafeBytes { try Decompressor.decompress($0, codec: .gzip, limit: 8 << 20) }
        #expect(whole.count == plain.count)
        #expect(throws: KafkaWireError.self) {
            try compressed.withUnsafeBytes { try Decompressor.decompress($0, codec: .gzip, limit: 1 << 20) }
        }
        #expect(throws: KafkaWireError.self) {
            try [UInt8]([1, 2, 3, 4]).withUnsafeBytes { try Decompressor.decompress($0, codec: .zstd, limit: 1 << 20) }
        }
        #expect(throws: KafkaWireError.self) {
            try [UInt8]([0x04, 0x22, 0x4d, 0x18, 0, 0]).withUnsafeBytes { try Decompressor.decompress($0, codec: .lz4, limit: 1 << 20) }
        }
        #expect(throws: KafkaWireError.self) {
            try [UInt8]([0xff, 0xff, 0xff, 0xff, 0x0f]).withUnsafeBytes { try Decompressor.decompress($0, codec: .snappy, limit: 1 << 20) }
        }
    }
}
