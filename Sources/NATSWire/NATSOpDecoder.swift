import NIOCore

/// `NATSParser` as a NIO decoder: each whole operation goes down the pipeline as it completes.
public struct NATSOpDecoder: ByteToMessageDecoder {
    public typealias InboundOut = NATSServerOp

    public private(set) var parser: NATSParser

    public init(parser: NATSParser = NATSParser()) {
        self.parser = parser
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let op = try parser.parse(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(op))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A half operation at the end of the stream is dropped: the connection is gone anyway.
        while let op = try parser.parse(&buffer) { context.fireChannelRead(wrapInboundOut(op)) }
        return .needMoreData
    }
}
