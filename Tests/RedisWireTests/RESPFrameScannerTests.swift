import NIOCore
import RedisWire
import Testing
import EvmonModel

/// The frame scanner must cut exactly where each value ends, however the bytes arrive, and
/// refuse exactly what the decoder refuses.
struct RESPFrameScannerTests {
    /// Frames cut from `bytes` delivered in pieces of the given sizes (cycled).
    static func frames(_ bytes: [UInt8], pieces: [Int], limits: RESPLimits = .default) throws(RESPDecodingError) -> [[UInt8]] {
        var decoder = RESPFrameDecoder(limits: limits)
        var buffer = ByteBuffer()
        var frames: [[UInt8]] = []
        var position = 0
        var piece = 0
        while position < bytes.count {
            let size = min(max(1, pieces[piece % pieces.count]), bytes.count - position)
            buffer.writeBytes(bytes[position..<position + size])
            position += size
            piece += 1
            while true {
                let before = buffer.readerIndex
                guard let frame = try decoder.nextFrame(&buffer) else {
                    #expect(buffer.readerIndex == before, "an incomplete frame consumed bytes")
                    break
                }
                frames.append(Array(frame.readableBytesView))
            }
        }
        #expect(buffer.readableBytes == 0, "bytes left over")
        return frames
    }

    @Test func framesEndWhereEachFixtureEndsAtEverySplit() throws {
        let stream = RESPFixtures.stream
        let expected = RESPFixtures.all.map(\.bytes)
        #expect(try Self.frames(stream, pieces: [1]) == expected)
        for split in 1..<stream.count {
            #expect(try Self.frames(stream, pieces: [split, stream.count]) == expected, "split at \(split)")
        }
        for pieces in [[2], [3, 7], [5, 1, 13], [64]] {
            #expect(try Self.frames(stream, pieces: pieces) == expected)
        }
        // Each frame decodes to its fixture's value in one go.
        for fixture in RESPFixtures.all {
            #expect(try RESPValue.decode(frame: ByteBuffer(bytes: fixture.bytes)) == fixture.value, "\(fixture.name)")
        }
    }

    @Test func attributesBelongToTheFrameOfTheValueTheyDecorate() throws {
        let nested = Array("*3\r\n|1\r\n+ttl\r\n:3600\r\n:5\r\n|1\r\n+a\r\n*1\r\n+b\r\n*2\r\n:1\r\n|1\r\n+c\r\n+d\r\n:2\r\n:6\r\n".utf8)
        let topLevel = Array("|1\r\n+k\r\n+v\r\n:1\r\n".utf8)
        let empty = Array("|0\r\n:2\r\n".utf8)
        let push = Array(">2\r\n+a\r\n+b\r\n".utf8)
        for split in 1..<(nested.count + topLevel.count) {
            #expect(try Self.frames(nested + topLevel + empty + push, pieces: [split, 1000]) == [nested, topLevel, empty, push])
        }
    }

    @Test func theScannerRefusesWhatTheDecoderRefuses() {
        let small = RESPLimits(maximumBulkLength: 1024, maximumAggregateCount: 100, maximumDepth: 8, maximumLineLength: 64)
        let inputs = [
            "@1\r\n", ":12a\r\n", ":\r\n", "$abc\r\n", "$-2\r\n", "!-1\r\n", "*-2\r\n", "%-1\r\n", "$2\r\nabcd\r\n", "#x\r\n", "_x\r\n",
            ",abc\r\n", "(12a\r\n", "=3\r\ntxt\r\n", "+OK\rX\r\n", "*1\r\n>1\r\n:1\r\n", "$?\r\n", "*?\r\n", ";4\r\nabcd\r\n", ".\r\n",
            "$1025\r\n", "~101\r\n", String(repeating: "*1\r\n", count: 9) + ":1\r\n", "+" + String(repeating: "a", count: 65),
        ]
        for input in inputs {
            let decoderError = RESPTestFeeding.error(decoding: Array(input.utf8), limits: small)
            var scannerError: RESPDecodingError?
            do { _ = try Self.frames(Array(input.utf8), pieces: [input.utf8.count], limits: small) } catch { scannerError = error }
            #expect(decoderError != nil && scannerError == decoderError, "\(input.debugDescription): decoder \(String(describing: decoderError)), scanner \(String(describing: scannerError))")
        }
    }

    /// Small elements under every other cap still add up: a reply that has not ended within
    /// `maximumReplyBytes` is refused as soon as that much is buffered, and so is a complete one.
    @Test func aReplyOverItsByteCapIsRefusedBeforeItEnds() throws {
        let limits = RESPLimits(maximumReplyBytes: 4096)
        var scanner = RESPFrameScanner(limits: limits)
        var endless = Array("*1000000\r\n".utf8)
        while endless.count <= 4096 { endless += Array("$1\r\nx\r\n".utf8) }
        #expect(throws: RESPDecodingError.limitExceeded("reply over the cap of 4096 bytes (\(endless.count) read before it ended)")) {
            try scanner.nextFrameLength(in: ByteBuffer(bytes: endless))
        }
        var whole = Array("*600\r\n".utf8)
        for _ in 0..<600 { whole += Array("$1\r\nx\r\n".utf8) }
        var fresh = RESPFrameScanner(limits: limits)
        #expect(throws: RESPDecodingError.self) { try fresh.nextFrameLength(in: ByteBuffer(bytes: whole)) }
        var roomy = RESPFrameScanner()
        #expect(try roomy.nextFrameLength(in: ByteBuffer(bytes: whole)) == whole.count)
    }

    /// Random flips: the scanner and the decoder agree on every input (same frames, or both fail).
    @Test func randomByteFlipsAgreeWithTheDecoderAndNeverHang() throws {
        var random = SplitMix64(seed: 0xC0FFEE)
        let limits = RESPLimits(maximumBulkLength: 1 << 20, maximumAggregateCount: 1 << 16, maximumDepth: 32)
        var agreed = 0
        for round in 0..<3000 {
            var bytes = RESPFixtures.stream
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(bytes.count))
                bytes[position] = round % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : bytes[position] ^ (1 << UInt8(random.next() % 8))
            }
            var decoder = RESPDecoder(limits: limits)
            var buffer = ByteBuffer(bytes: bytes)
            var values: [RESPValue] = []
            var decoderFailed = false
            do { while let value = try decoder.decode(&buffer) { values.append(value) } } catch { decoderFailed = true }
            var scanner = RESPFrameDecoder(limits: limits)
            var scanned = ByteBuffer(bytes: bytes)
            var frames: [RESPValue] = []
            var scannerFailed = false
            do {
                while let frame = try scanner.nextFrame(&scanned) { frames.append(try RESPValue.decode(frame: frame, limits: limits)) }
            } catch {
                scannerFailed = true
            }
            #expect(decoderFailed == scannerFailed, "round \(round)")
            if !decoderFailed, !scannerFailed {
                // Doubles: NaN is never equal to itself, so compare descriptions.
                #expect(String(describing: values) == String(describing: frames), "round \(round)")
                agreed += 1
            }
        }
        #expect(agreed > 100)
    }
}
