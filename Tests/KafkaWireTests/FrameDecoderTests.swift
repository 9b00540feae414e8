import KafkaWire
import NIOCore
import Testing

struct FrameDecoderTests {
    static func framed(_ payloads: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for payload in payloads {
            let size = UInt32(payload.count)
            bytes += [UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff), UInt8(size & 0xff)] + payload
        }
        return bytes
    }

    /// Feeds `bytes` in the given chunk sizes; returns the frames seen.
    static func feed(_ bytes: [UInt8], chunks: [Int]) throws -> [[UInt8]] {
        let decoder = KafkaFrameDecoder()
        var buffer = ByteBuffer()
        var frames: [[UInt8]] = []
        var position = 0
        var chunkIndex = 0
        while position < bytes.count {
            let size = min(chunks[chunkIndex % chunks.count], bytes.count - position)
            buffer.writeBytes(bytes[position..<position + size])
            position += size
            chunkIndex += 1
            while true {
                let before = buffer.readerIndex
                guard let frame = try decoder.nextFrame(&buffer) else {
                    #expect(buffer.readerIndex == before, "need-more-data consumed bytes")
                    break
                }
                frames.append(Array(frame.readableBytesView))
            }
        }
        #expect(buffer.readableBytes == 0)
        return frames
    }

    @Test func byteByByteAndEverySplitGiveTheSameFrames() throws {
        let payloads: [[UInt8]] = [[0, 0, 0, 7, 1, 2, 3], Array(repeating: 0xab, count: 300), [0, 0, 0, 9]]
        let bytes = Self.framed(payloads)
        #expect(try Self.feed(bytes, chunks: [1]) == payloads)
        for split in 1..<bytes.count {
            #expect(try Self.feed(bytes, chunks: [split, bytes.count]) == payloads)
        }
        #expect(try Self.feed(bytes, chunks: [3, 7, 1, 64]) == payloads)
    }

    @Test func lyingSizesAreErrorsNotAllocations() {
        let decoder = KafkaFrameDecoder(maximumFrameSize: 1 << 20)
        for size: Int32 in [-1, 0, 3, Int32.max, 1 << 21] {
            var buffer = ByteBuffer()
            buffer.writeInteger(size)
            buffer.writeBytes([0, 0, 0, 1])
            #expect(throws: KafkaWireError.self) { try decoder.nextFrame(&buffer) }
        }
    }

    @Test func aCorrelationIDThatAnswersNoRequestIsAnError() {
        var frame = ByteBuffer()
        frame.writeInteger(Int32(8))
        frame.writeInteger(Int16(0))
        #expect(throws: KafkaWireError.correlationMismatch(expected: 7, actual: 8)) {
            try KafkaFraming.decode(FindCoordinatorResponse.self, api: .findCoordinator, version: 0, frame: frame, correlationID: 7)
        }
    }
}
