import CCompression

/// Compresses the records of a batch as other Kafka clients read them: gzip with a gzip
/// header, raw snappy (librdkafka's form; Java and librdkafka read it), the LZ4 frame format
/// with independent blocks (Java's reader refuses dependent ones), and a zstd frame.
public enum Compressor {
    /// `input` compressed with `codec`; `.none` returns it as it is.
    public static func compress(_ input: UnsafeRawBufferPointer, codec: Decompressor.Codec) -> [UInt8] {
        switch codec {
        case .none: return Array(input)
        case .gzip: return gzip(input)
        case .snappy: return snappy(input)
        case .lz4: return lz4(input)
        case .zstd: return zstd(input)
        }
    }

    private static func gzip(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip header and trailer, as Kafka's gzip codec expects.
        let started = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "zlib refused its default settings")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let produced = output.withUnsafeMutableBytes { buffer -> Int in
            // zlib does not write through next_in; its API is not const-correct.
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count)
            let result = deflate(&stream, Z_FINISH)
            // deflateBound is an upper bound for one Z_FINISH call on all the input.
            precondition(result == Z_STREAM_END, "deflate did not finish within deflateBound")
            return buffer.count - Int(stream.avail_out)
        }
        output.removeSubrange(produced...)
        return output
    }

    private static func snappy(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var length = snappy_max_compressed_length(input.count)
        var output = [UInt8](repeating: 0, count: length)
        let status = output.withUnsafeMutableBytes { buffer in
            snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed within snappy_max_compressed_length")
        output.removeSubrange(length...)
        return output
    }

    private static func lz4(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        var output = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(input.count, &preferences))
        let written = output.withUnsafeMutableBytes { buffer in
            LZ4F_compressFrame(buffer.baseAddress, buffer.count, input.baseAddress, input.count, &preferences)
        }
        precondition(LZ4F_isError(written) == 0, "LZ4F_compressFrame failed within its bound")
        output.removeSubrange(written...)
        return output
    }

    private static func zstd(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = output.withUnsafeMutableBytes { buffer in
            ZSTD_compress(buffer.baseAddress, buffer.count, input.baseAddress, input.count, 3)
        }
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress failed within ZSTD_compressBound")
        output.removeSubrange(written...)
        return output
    }
}
