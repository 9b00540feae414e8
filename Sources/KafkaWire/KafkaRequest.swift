import NIOCore

/// A request body that can be written at any of its API's supported versions.
public protocol KafkaRequest: Sendable {
    static var api: KafkaApi { get }
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

/// A response body read at the version of its request.
public protocol KafkaResponse: Sendable {
    init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError)
}

/// Frames requests (size, header v1 or v2, body) and unframes responses.
public enum KafkaFraming {
    /// The whole request as it goes on the wire, size prefix included.
    public static func encode<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationID: Int32, clientID: String,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(Request.api.rawValue)
        buffer.writeInteger(version)
        buffer.writeInteger(correlationID)
        // The client id stays a classic nullable string even in header v2.
        buffer.writeKafkaString(clientID, flexible: false)
        buffer.writeEmptyTaggedFields(flexible: Request.api.isFlexible(version))
        request.encode(into: &buffer, version: version)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }

    /// The correlation id of a response frame (size already removed), without consuming it.
    public static func correlationID(of frame: ByteBuffer) -> Int32? {
        frame.getInteger(at: frame.readerIndex, as: Int32.self)
    }

    /// Decodes a response frame (size already removed) to `Response`, checking its correlation id.
    public static func decode<Response: KafkaResponse>(
        _ type: Response.Type, api: KafkaApi, version: Int16, frame: ByteBuffer, correlationID: Int32
    ) throws(KafkaWireError) -> Response {
        var header = KafkaReader(frame, flexible: api.hasFlexibleResponseHeader(version))
        let actual = try header.int32()
        guard actual == correlationID else { throw .correlationMismatch(expected: correlationID, actual: actual) }
        try header.taggedFields()
        var reader = KafkaReader(header.buffer, flexible: api.isFlexible(version))
        return try Response(from: &reader, version: version)
    }
}
