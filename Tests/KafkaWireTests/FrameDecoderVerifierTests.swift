import KafkaWire
import NIOCore
import NIOTestUtils
import Testing

/// NIO's own checker: the decoder gives the same frames however the bytes are cut, fed one
/// at a time, or ended early, and leaves nothing behind.
@Suite struct FrameDecoderVerifierTests {
    @Test func framesComeOutWholeHoweverTheBytesArrive() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [frame([0, 0, 0, 7]), frame(Array(0..<200)), frame(Array(repeating: 0xFF, count: 4))],
            decoderFactory: { KafkaFrameDecoder() })
    }

    /// A frame on the wire (`int32 size` + body) and the one frame it must decode to.
    private func frame(_ body: [UInt8]) -> (ByteBuffer, [ByteBuffer]) {
        var wire = ByteBuffer()
        wire.writeInteger(Int32(body.count))
        wire.writeBytes(body)
        return (wire, [ByteBuffer(bytes: body)])
    }
}
