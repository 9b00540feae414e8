import NIOCore

/// One operation the server sent, as the client protocol defines them.
public enum NATSServerOp: Sendable, Equatable {
    /// `INFO {json}`: sent on connect and again when the cluster changes.
    case info(NATSServerInfo)
    /// `MSG` or `HMSG`: a message for one of our subscriptions.
    case message(NATSMessage)
    /// `PING`: must be answered with `PONG` at once, or the server disconnects us.
    case ping
    /// `PONG`: the answer to our `PING`.
    case pong
    /// `+OK` (verbose mode only).
    case ok
    /// `-ERR 'text'`, with the quotes removed.
    case error(String)
}

/// A delivered message. Subject, reply, header block and payload are slices of the bytes read
/// from the socket: nothing is copied until someone asks for it.
public struct NATSMessage: Sendable, Equatable {
    public var subject: ByteBuffer
    public var sid: UInt64
    public var reply: ByteBuffer?
    /// The whole `NATS/1.0…\r\n\r\n` block of an `HMSG`; `nil` for a plain `MSG`.
    public var headerBlock: ByteBuffer?
    public var payload: ByteBuffer

    public init(subject: ByteBuffer, sid: UInt64, reply: ByteBuffer?, headerBlock: ByteBuffer?, payload: ByteBuffer) {
        self.subject = subject
        self.sid = sid
        self.reply = reply
        self.headerBlock = headerBlock
        self.payload = payload
    }

    public var subjectString: String { String(buffer: subject) }
    public var replyString: String? { reply.map { String(buffer: $0) } }

    /// The parsed header block, when there is one.
    public func headers() throws(NATSWireError) -> NATSHeaders? {
        guard let headerBlock else { return nil }
        return try NATSHeaders(parsing: headerBlock)
    }
}
