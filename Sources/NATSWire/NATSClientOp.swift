import NIOCore

/// An operation the client sends. `encode` writes it exactly as the server expects it; subjects
/// are checked first, since a space or line break inside one would be read as another operation.
public enum NATSClientOp: Sendable, Equatable {
    /// `CONNECT {json}`: the JSON is written as given.
    case connect(json: String)
    case pub(subject: String, reply: String?, payload: [UInt8])
    /// `HPUB`: the header size counts the whole block through its empty line; the total adds the payload.
    case hpub(subject: String, reply: String?, headers: NATSHeaders, payload: [UInt8])
    case sub(subject: String, queue: String?, sid: UInt64)
    case unsub(sid: UInt64, max: Int?)
    case ping
    case pong

    public func encode(into buffer: inout ByteBuffer) throws(NATSWireError) {
        switch self {
        case .connect(let json):
            guard !json.utf8.contains(0x0d), !json.utf8.contains(0x0a) else { throw .invalidSubject("CONNECT JSON with a line break") }
            buffer.writeString("CONNECT ")
            buffer.writeString(json)
            buffer.writeString("\r\n")
        case .pub(let subject, let reply, let payload):
            try Self.check(subject)
            if let reply { try Self.check(reply) }
            buffer.writeString("PUB ")
            buffer.writeString(subject)
            if let reply { buffer.writeString(" " + reply) }
            buffer.writeString(" \(payload.count)\r\n")
            buffer.writeBytes(payload)
            buffer.writeString("\r\n")
        case .hpub(let subject, let reply, let headers, let payload):
            try Self.check(subject)
            if let reply { try Self.check(reply) }
            let block = try headers.encoded()
            buffer.writeString("HPUB ")
            buffer.writeString(subject)
            if let reply { buffer.writeString(" " + reply) }
            buffer.writeString(" \(block.readableBytes) \(block.readableBytes + payload.count)\r\n")
            buffer.writeImmutableBuffer(block)
            buffer.writeBytes(payload)
            buffer.writeString("\r\n")
        case .sub(let subject, let queue, let sid):
            try Self.check(subject)
            if let queue { try Self.check(queue) }
            buffer.writeString("SUB ")
            buffer.writeString(subject)
            if let queue { buffer.writeString(" " + queue) }
            buffer.writeString(" \(sid)\r\n")
        case .unsub(let sid, let max):
            buffer.writeString("UNSUB \(sid)")
            if let max { buffer.writeString(" \(max)") }
            buffer.writeString("\r\n")
        case .ping:
            buffer.writeString("PING\r\n")
        case .pong:
            buffer.writeString("PONG\r\n")
        }
    }

    /// The encoded bytes.
    public func encoded() throws(NATSWireError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try encode(into: &buffer)
        return buffer
    }

    private static func check(_ subject: String) throws(NATSWireError) {
        guard NATSSubject.isValid(subject) else { throw .invalidSubject(subject) }
    }
}
