import NIOCore

/// Decodes a partition's record set (RecordBatch v2) into `KafkaRecord`s.
///
/// Every batch's CRC-32C is checked; control batches (transaction markers) advance the position
/// but are never records; records of aborted transactions (listed by read_committed fetches) are
/// dropped; a partial batch at the end (the fetch size cut it) is left for the next fetch.
public struct RecordBatchDecoder: Sendable {
    /// What one record set held, in chunks of at most `chunkSize` records (so that callers that
    /// hand records out in bounded batches need not copy them).
    public struct Decoded: Sendable {
        public var chunks: [[KafkaRecord]]
        /// The offset after the last complete batch, or `nil` when there was none.
        public var nextOffset: Int64?

        /// Every record, in offset order.
        public var records: [KafkaRecord] { chunks.flatMap { $0 } }
    }

    /// Largest decompressed batch accepted; a larger one fails its partition with the figure.
    public var decompressionLimit: Int
    /// Most decompressed bytes one call takes in: many small compressed batches (each under
    /// `decompressionLimit`) add up. Past it, decoding stops after a whole batch and the rest
    /// is fetched again from there, so memory stays bounded and nothing is lost.
    public var decompressionBudget: Int

    public init(decompressionLimit: Int = 64 * 1024 * 1024, decompressionBudget: Int = 64 * 1024 * 1024) {
        self.decompressionLimit = decompressionLimit
        self.decompressionBudget = decompressionBudget
    }

    private static let batchHeaderSize = 61
    private static let crcStart = 21

    /// Records at or after `fetchOffset` in `recordSet`, in chunks of at most `chunkSize`.
    public func decode(
        _ recordSet: ByteBuffer, fetchOffset: Int64, abortedTransactions: [FetchResponse.AbortedTransaction] = [], chunkSize: Int = .max
    ) throws(KafkaWireError) -> Decoded {
        var records = RecordChunks<KafkaRecord>(size: chunkSize)
        let nextOffset = try decode(recordSet, fetchOffset: fetchOffset, abortedTransactions: abortedTransactions) { records.append($0) }
        return Decoded(chunks: records.finished, nextOffset: nextOffset)
    }

    /// Hands each record at or after `fetchOffset` in `recordSet` to `take`, in offset order, as
    /// it is decoded: a caller that maps records to its own type moves their arrays over
    /// without an array of `KafkaRecord`s in between. Returns the offset after the last complete
    /// batch, or `nil` when there was none.
    public func decode(
        _ recordSet: ByteBuffer, fetchOffset: Int64, abortedTransactions: [FetchResponse.AbortedTransaction] = [],
        each take: (consuming KafkaRecord) -> Void
    ) throws(KafkaWireError) -> Int64? {
        var nextOffset: Int64?
        let aborts = abortedTransactions.sorted { $0.firstOffset < $1.firstOffset }
        var nextAbort = 0
        var abortedProducers: Set<Int64> = []
        var decompressed = 0
        var failure: KafkaWireError?
        recordSet.withUnsafeReadableBytes { bytes in
            var position = 0
            do throws(KafkaWireError) {
                while bytes.count - position >= 17 {
                    // Budget spent: leave the rest (whole batches) for the next fetch.
                    if decompressed >= decompressionBudget { break }
                    let baseOffset = Self.int64(bytes, position)
                    let batchLength = Int(Self.int32(bytes, position + 8))
                    guard batchLength >= Self.batchHeaderSize - 12 else { throw .invalidLength("record batch length \(batchLength)") }
                    guard batchLength <= bytes.count - position - 12 else { break }  // partial batch: fetch it again later
                    let batch = UnsafeRawBufferPointer(rebasing: bytes[position..<position + 12 + batchLength])
                    position += 12 + batchLength
                    let magic = Int8(bitPattern: batch[16])
                    guard magic == 2 else { throw .unsupported("message format v\(magic) (only RecordBatch v2)") }
                    let expected = UInt32(bitPattern: Self.int32(batch, 17))
                    let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: batch[Self.crcStart...]))
                    guard expected == actual else { throw .crcMismatch(baseOffset: baseOffset, expected: expected, actual: actual) }
                    let attributes = Int(Self.int16(batch, 21))
                    let lastOffsetDelta = Int64(Self.int32(batch, 23))
                    let producerID = Self.int64(batch, 43)
                    // Offsets are ≥ 0 and the batch's last one must leave room for a next one.
                    guard baseOffset >= 0, lastOffsetDelta >= 0, baseOffset < Int64.max - lastOffsetDelta else {
                        throw .malformed("record batch at base offset \(baseOffset) with last offset delta \(lastOffsetDelta) is out of range")
                    }
                    guard nextOffset.map({ baseOffset >= $0 }) ?? true else {
                        throw .malformed("record batch at base offset \(baseOffset) goes back before offset \(nextOffset!)")
                    }
                    nextOffset = baseOffset + lastOffsetDelta + 1
                    let isTransactional = attributes & 0x10 != 0
                    let isControl = attributes & 0x20 != 0
                    // Aborted transactions start at their first offsets; their markers end them.
                    while nextAbort < aborts.count, aborts[nextAbort].firstOffset <= baseOffset + lastOffsetDelta {
                        abortedProducers.insert(aborts[nextAbort].producerID)
                        nextAbort += 1
                    }
                    if isControl {
                        if isTransactional { abortedProducers.remove(producerID) }
                        continue
                    }
                    if isTransactional && abortedProducers.contains(producerID) { continue }
                    guard nextOffset! > fetchOffset else { continue }
                    decompressed += try decodeRecords(
                        batch, attributes: attributes, baseOffset: baseOffset, lastOffsetDelta: lastOffsetDelta,
                        fetchOffset: fetchOffset, into: take)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return nextOffset
    }

    /// Decodes one batch's records; returns how many bytes decompression produced (0 if none).
    private func decodeRecords(
        _ batch: UnsafeRawBufferPointer, attributes: Int, baseOffset: Int64, lastOffsetDelta: Int64, fetchOffset: Int64,
        into take: (consuming KafkaRecord) -> Void
    ) throws(KafkaWireError) -> Int {
        let baseTimestamp = Self.int64(batch, 27)
        let maxTimestamp = Self.int64(batch, 35)
        let logAppendTime = attributes & 0x08 != 0
        let count = Int(Self.int32(batch, 57))
        let payload = UnsafeRawBufferPointer(rebasing: batch[Self.batchHeaderSize...])
        // A record takes 7 bytes at least, so a count beyond that is a lie.
        guard count >= 0 else { throw .invalidLength("record count \(count)") }
        guard let codec = Decompressor.Codec(rawValue: attributes & 0x07) else {
            throw .unsupported("compression codec \(attributes & 0x07)")
        }
        if codec == .none {
            guard count <= payload.count / 7 + 1 else { throw .invalidLength("\(count) records in \(payload.count) bytes") }
            try Self.readRecords(
                payload, count: count, baseOffset: baseOffset, lastOffsetDelta: lastOffsetDelta, baseTimestamp: baseTimestamp,
                appendTime: logAppendTime ? maxTimestamp : nil, fetchOffset: fetchOffset, into: take)
            return 0
        } else {
            let plain = try Decompressor.decompress(payload, codec: codec, limit: decompressionLimit)
            guard count <= plain.count / 7 + 1 else { throw .invalidLength("\(count) records in \(plain.count) bytes") }
            var failure: KafkaWireError?
            plain.withUnsafeBytes { bytes in
                do throws(KafkaWireError) {
                    try Self.readRecords(
                        bytes, count: count, baseOffset: baseOffset, lastOffsetDelta: lastOffsetDelta, baseTimestamp: baseTimestamp,
                        appendTime: logAppendTime ? maxTimestamp : nil, fetchOffset: fetchOffset, into: take)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            return plain.count
        }
    }

    private static func readRecords(
        _ bytes: UnsafeRawBufferPointer, count: Int, baseOffset: Int64, lastOffsetDelta: Int64, baseTimestamp: Int64, appendTime: Int64?,
        fetchOffset: Int64, into take: (consuming KafkaRecord) -> Void
    ) throws(KafkaWireError) {
        var cursor = ByteCursor(bytes)
        var previousDelta = -1
        for _ in 0..<count {
            let length = try cursor.varint()
            guard length >= 0, length <= cursor.remaining else { throw .invalidLength("record of \(length) bytes with \(cursor.remaining) left") }
            let end = cursor.position + length
            _ = try cursor.uint8()  // attributes: unused
            let timestampDelta = try cursor.varlong()
            let offsetDelta = try cursor.varint()
            let key = try cursor.nullableBytes()
            let value = try cursor.nullableBytes()
            let headerCount = try cursor.varint()
            guard headerCount >= 0, headerCount <= cursor.remaining else { throw .invalidLength("\(headerCount) headers") }
            var headers: [KafkaRecord.Header] = []
            if headerCount > 0 {
                headers.reserveCapacity(headerCount)
                for _ in 0..<headerCount {
                    let name = try cursor.nullableBytes() ?? []
                    let headerValue = try cursor.nullableBytes()
                    headers.append(KafkaRecord.Header(name: String(decoding: name, as: UTF8.self), value: headerValue))
                }
            }
            guard cursor.position == end else { throw .malformed("record length \(length) does not match its fields") }
            // Within the batch's own range, so the sum cannot overflow (the batch was checked).
            guard offsetDelta > previousDelta, Int64(offsetDelta) <= lastOffsetDelta else {
                throw .malformed("record offset delta \(offsetDelta) after \(previousDelta), outside the batch's increasing 0…\(lastOffsetDelta)")
            }
            previousDelta = offsetDelta
            let offset = baseOffset + Int64(offsetDelta)
            guard offset >= fetchOffset else { continue }
            take(KafkaRecord(
                offset: offset, timestamp: appendTime ?? (baseTimestamp &+ timestampDelta), key: key, value: value, headers: headers))
        }
    }

    @inline(__always)
    private static func int64(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int64 {
        Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
    }

    @inline(__always)
    private static func int32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int32 {
        Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self))
    }

    @inline(__always)
    private static func int16(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int16 {
        Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int16.self))
    }
}
