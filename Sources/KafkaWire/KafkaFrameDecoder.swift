import NIOCore

/// Splits a byte stream into response frames (`int32 size` + that many bytes).
///
/// Returns "need more data" without consuming anything until a whole frame is there; a size
/// that is negative or over `maximumFrameSize` is an error, so a lying length cannot make it
/// buffer without bound.
public struct KafkaFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// Largest frame accepted; fetch responses are asked to stay well below it.
    public let maximumFrameSize: Int

    public init(maximumFrameSize: Int = 128 * 1024 * 1024) {
        self.maximumFrameSize = maximumFrameSize
    }

    /// The next frame in `buffer`, consumed; `nil` (nothing consumed) when it is not all there.
    public func nextFrame(_ buffer: inout ByteBuffer) throws(KafkaWireError) -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 4, Int(size) <= maximumFrameSize else {
            throw .invalidLength("response frame of \(size) bytes (at most \(maximumFrameSize))")
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? { try nextFrame(&buffer) }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? { try nextFrame(&buffer) }
}
