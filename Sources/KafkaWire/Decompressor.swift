import CCompression

/// Decompresses record-batch payloads (gzip, snappy raw or xerial, lz4 frame, zstd), refusing
/// output beyond `limit` bytes so a hostile batch cannot exhaust memory.
public enum Decompressor {
    /// Kafka's codec numbers (attributes bits 0–2).
    public enum Codec: Int, Sendable {
        case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4
    }

    public static func decompress(_ input: UnsafeRawBufferPointer, codec: Codec, limit: Int) throws(KafkaWireError) -> [UInt8] {
        switch codec {
        case .none: return Array(input)
        case .gzip: return try gzip(input, limit: limit)
        case .snappy: return try snappy(input, limit: limit)
        case .lz4: return try lz4(input, limit: limit)
        case .zstd: return try zstd(input, limit: limit)
        }
    }

    /// Doubles `output` (zero-filled in one go), up to `limit`; past it the batch is refused
    /// with the figure, so a bomb costs at most `limit` bytes.
    private static func grow(_ output: inout [UInt8], limit: Int, codec: String) throws(KafkaWireError) {
        guard output.count < limit else { throw .tooLarge("\(codec) payload over \(limit) bytes") }
        output += [UInt8](repeating: 0, count: min(output.count, limit - output.count))
    }

    private static func gzip(_ input: UnsafeRawBufferPointer, limit: Int) throws(KafkaWireError) -> [UInt8] {
        guard input.count > 0 else { throw .truncated("gzip stream") }
        var stream = z_stream()
        // 15 + 32: any window size, gzip or zlib header detected.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed("gzip: cannot start inflate")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(limit, max(4096, input.count * 4)))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            if produced == output.count {
                try grow(&output, limit: limit, codec: "gzip")
            }
            let result: Int32 = output.withUnsafeMutableBytes { buffer in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
                stream.avail_out = uInt(buffer.count - produced)
                let code = inflate(&stream, Z_NO_FLUSH)
                produced = buffer.count - Int(stream.avail_out)
                return code
            }
            if result == Z_STREAM_END {
                // Concatenated gzip members are allowed; most producers write one.
                if stream.avail_in > 0, inflateReset(&stream) == Z_OK { continue }
                break
            }
            guard result == Z_OK || (result == Z_BUF_ERROR && stream.avail_out == 0) else {
                throw .malformed("gzip: inflate error \(result)")
            }
            if stream.avail_in == 0 && stream.avail_out > 0 { throw .truncated("gzip stream") }
        }
        output.removeSubrange(produced...)
        return output
    }

    private static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]

    private static func snappy(_ input: UnsafeRawBufferPointer, limit: Int) throws(KafkaWireError) -> [UInt8] {
        if input.count >= 16, Array(input[0..<8]) == xerialMagic {
            var output: [UInt8] = []
            var position = 16
            while position < input.count {
                guard position + 4 <= input.count else { throw .truncated("xerial snappy block length") }
                let length = Int(UInt32(input[position]) << 24 | UInt32(input[position + 1]) << 16 | UInt32(input[position + 2]) << 8 | UInt32(input[position + 3]))
                position += 4
                guard length <= input.count - position else { throw .invalidLength("xerial snappy block of \(length) bytes") }
                let block = UnsafeRawBufferPointer(rebasing: input[position..<position + length])
                output.append(contentsOf: try snappyBlock(block, limit: limit - output.count))
                position += length
            }
            return output
        }
        return try snappyBlock(input, limit: limit)
    }

    private static func snappyBlock(_ input: UnsafeRawBufferPointer, limit: Int) throws(KafkaWireError) -> [UInt8] {
        guard let base = input.baseAddress?.assumingMemoryBound(to: CChar.self) else { throw .truncated("snappy block") }
        var length = 0
        guard snappy_uncompressed_length(base, input.count, &length) == SNAPPY_OK else { throw .malformed("snappy: bad block header") }
        guard length <= limit else { throw .tooLarge("snappy payload of \(length) bytes over \(limit)") }
        var output = [UInt8](repeating: 0, count: length)
        var written = length
        let status = output.withUnsafeMutableBytes { buffer in
            snappy_uncompress(base, input.count, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), &written)
        }
        guard status == SNAPPY_OK, written == length else { throw .malformed("snappy: corrupt block") }
        return output
    }

    private static func lz4(_ input: UnsafeRawBufferPointer, limit: Int) throws(KafkaWireError) -> [UInt8] {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0 else {
            throw .malformed("lz4: cannot start")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var output = [UInt8](repeating: 0, count: min(limit, max(4096, input.count * 4)))
        var produced = 0
        var consumed = 0
        while true {
            if produced == output.count {
                try grow(&output, limit: limit, codec: "lz4")
            }
            var outSize = output.count - produced
            var inSize = input.count - consumed
            let hint = output.withUnsafeMutableBytes { buffer in
                LZ4F_decompress(context, buffer.baseAddress! + produced, &outSize, input.baseAddress! + consumed, &inSize, nil)
            }
            guard LZ4F_isError(hint) == 0 else { throw .malformed("lz4: corrupt frame") }
            produced += outSize
            consumed += inSize
            if hint == 0 { break }
            if consumed == input.count && outSize == 0 { throw .truncated("lz4 frame") }
        }
        output.removeSubrange(produced...)
        return output
    }

    private static func zstd(_ input: UnsafeRawBufferPointer, limit: Int) throws(KafkaWireError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw .malformed("zstd: cannot start") }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        var output = [UInt8](repeating: 0, count: min(limit, max(4096, input.count * 4)))
        var produced = 0
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            if produced == output.count {
                try grow(&output, limit: limit, codec: "zstd")
            }
            var outBuffer = ZSTD_outBuffer()
            let result = output.withUnsafeMutableBytes { buffer in
                outBuffer = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: produced)
                return ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            }
            guard ZSTD_isError(result) == 0 else { throw .malformed("zstd: corrupt frame") }
            let progressed = outBuffer.pos > produced
            produced = outBuffer.pos
            if result == 0 && inBuffer.pos == inBuffer.size { break }
            if result == 0 { ZSTD_initDStream(stream); continue }  // another frame follows
            if inBuffer.pos == inBuffer.size && !progressed && produced < output.count { throw .truncated("zstd frame") }
        }
        output.removeSubrange(produced...)
        return output
    }
}
