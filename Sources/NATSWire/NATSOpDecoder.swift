import NIOCore

/// `NATSParser` as a NIO decoder: each whole operation goes down the pipeline as it completes.
public struct NATSOpDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = NATSServerOp

    public private(set) var parser: NATSParser

    public init(parser: NATSParser = NATSParser()) {
        self.parser = parser
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> NATSServerOp? { try parser.parse(&buffer) }

    /// A half operation at the end of the stream is dropped: the connection is gone anyway.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> NATSServerOp? { try parser.parse(&buffer) }
}
