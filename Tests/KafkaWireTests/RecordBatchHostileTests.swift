import CCompression
import KafkaWire
import NIOCore
import Testing

/// Record sets a broker may send that once trapped, looped or ate memory.
struct RecordBatchHostileTests {
    static let three: [RecordBatchEncoder.Entry] = (0..<3).map { .init(key: nil, value: Array("v\($0)".utf8)) }

    /// A batch whose records section is gzip-compressed (zlib framing, which the decoder reads too).
    static func compressed(_ entries: [RecordBatchEncoder.Entry], baseOffset: Int64) -> ByteBuffer {
        let plain = RecordBatchEncoder.encode(entries, baseOffset: baseOffset, baseTimestamp: 1000)
        let bytes = Array(plain.readableBytesView)
        let records = Array(bytes[61...])
        var packed = [UInt8](repeating: 0, count: Int(compressBound(uLong(records.count))))
        var packedLength = uLongf(packed.count)
        _ = compress2(&packed, &packedLength, records, uLong(records.count), 9)
        var batch = ByteBuffer(bytes: bytes[..<61])
        batch.writeBytes(packed[..<Int(packedLength)])
        batch.setInteger(Int32(batch.readableBytes - 12), at: 8)
        return RecordBatchTests.withField(batch, at: 21) { $0.setInteger(Int16(1), at: $1) }
    }

    @Test func offsetsThatOverflowAreACorruptBatchNotATrap() {
        let batch = RecordBatchEncoder.encode(Self.three, baseOffset: 0, baseTimestamp: 1000)
        for base in [Int64.max, Int64.max - 1, Int64.max - 2, -1, Int64.min] {
            let lying = RecordBatchTests.withField(batch, at: 0) { $0.setInteger(base, at: $1) }
            #expect(throws: KafkaWireError.self, "base offset \(base)") {
                try RecordBatchDecoder().decode(lying, fetchOffset: 0)
            }
        }
        let negativeDelta = RecordBatchTests.withField(batch, at: 23) { $0.setInteger(Int32(-1), at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(negativeDelta, fetchOffset: 0) }
        // The batch says its last delta is 1, yet a record has delta 2.
        let shortDelta = RecordBatchTests.withField(batch, at: 23) { $0.setInteger(Int32(1), at: $1) }
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(shortDelta, fetchOffset: 0) }
    }

    @Test func aBatchThatGoesBackIsCorrupt() {
        var set = RecordBatchEncoder.encode(Self.three, baseOffset: 10, baseTimestamp: 1000)
        var earlier = RecordBatchEncoder.encode(Self.three, baseOffset: 11, baseTimestamp: 1000)
        set.writeBuffer(&earlier)
        #expect(throws: KafkaWireError.self) { try RecordBatchDecoder().decode(set, fetchOffset: 10) }
    }

    @Test func extremeTimestampsDecode() throws {
        for base in [Int64.min, Int64.max, -100_000_000_000_000] {
            let batch = RecordBatchTests.withField(RecordBatchEncoder.encode(Self.three, baseOffset: 0, baseTimestamp: 0), at: 27) {
                $0.setInteger(base, at: $1)
            }
            let decoded = try RecordBatchDecoder().decode(batch, fetchOffset: 0)
            #expect(decoded.records.map(\.timestamp) == [base, base, base])
        }
    }

    /// Many batches each under the per-batch cap add up: decoding stops after a whole batch once
    /// the budget is spent, and the next fetch goes on from there, so nothing is lost.
    @Test func aResponsesDecompressedBytesAreBudgetedAndTheRestIsFetchedAgain() throws {
        let big = (0..<3).map { _ in RecordBatchEncoder.Entry(key: nil, value: [UInt8](repeating: 0x61, count: 100_000)) }
        var set = ByteBuffer()
        for index in 0..<5 {
            var batch = Self.compressed(big, baseOffset: Int64(index * 3))
            set.writeBuffer(&batch)
        }
        let decoder = RecordBatchDecoder(decompressionLimit: 1 << 20, decompressionBudget: 500_000)
        let first = try decoder.decode(set, fetchOffset: 0)
        #expect(first.records.count == 6, "two batches of 300 kB each reach the 500 kB budget")
        #expect(first.nextOffset == 6)
        let rest = try decoder.decode(set, fetchOffset: 6)
        #expect(rest.records.map(\.offset) == [6, 7, 8, 9, 10, 11])
        #expect(rest.nextOffset == 12)
        #expect(try RecordBatchDecoder().decode(set, fetchOffset: 0).records.count == 15)
    }

    /// A million aborted transactions are read in one pass, not removed one by one from the front.
    @Test func aMillionAbortedTransactionsDecodeInOnePass() throws {
        let aborted = (0..<1_000_000).map { FetchResponse.AbortedTransaction(producerID: Int64($0), firstOffset: Int64($0)) }
        let batch = RecordBatchEncoder.encode(Self.three, baseOffset: 0, baseTimestamp: 1000)
        let decoded = try RecordBatchDecoder().decode(batch, fetchOffset: 0, abortedTransactions: aborted)
        #expect(decoded.records.count == 3, "the batch is not transactional, so none of them applies")
    }
}
