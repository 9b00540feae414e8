import NIOCore

/// A NATS header block: `NATS/1.0[ status[ description]]\r\n(Name: value\r\n)*\r\n`.
///
/// Names keep their case and may repeat; fields keep their order. The status line (100 idle
/// heartbeat or flow control, 404/408/409 pull endings, 503 no responders) is not a header.
public struct NATSHeaders: Sendable, Equatable {
    /// One `Name: value` line.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: [UInt8]

        public init(name: String, value: [UInt8]) {
            self.name = name
            self.value = value
        }

        public init(_ name: String, _ text: String) {
            self.init(name: name, value: Array(text.utf8))
        }
    }

    /// The 3-digit status of a status line, `nil` for plain headers.
    public var status: Int?
    /// The words after the status (`Idle Heartbeat`, `FlowControl Request`, `No Messages`).
    public var statusDescription: String?
    public var fields: [Field]

    public init(status: Int? = nil, statusDescription: String? = nil, fields: [Field] = []) {
        self.status = status
        self.statusDescription = statusDescription
        self.fields = fields
    }

    /// The first value under `name`, compared without case (servers and clients disagree on
    /// the case of `Nats-*` names), as text.
    public func value(named name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    // MARK: - Parsing

    private static let version = Array("NATS/1.0".utf8)

    /// Parses a whole block, the final empty line included.
    public init(parsing block: ByteBuffer) throws(NATSWireError) {
        let result = block.withUnsafeReadableBytes { bytes in Self.parse(bytes) }
        self = try result.get()
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<NATSHeaders, NATSWireError> {
        guard let lineEnd = NATSBytes.findCRLF(bytes, from: 0, limit: bytes.count) else {
            return .failure(.malformedHeaders("the status line has no CRLF"))
        }
        guard lineEnd >= version.count, zip(version, bytes.prefix(version.count)).allSatisfy({ $0 == $1 }) else {
            return .failure(.malformedHeaders("it does not start with NATS/1.0"))
        }
        var headers = NATSHeaders()
        var position = version.count
        if position < lineEnd {
            guard NATSBytes.isBlank(bytes[position]) else { return .failure(.malformedHeaders("unexpected bytes after NATS/1.0")) }
            position = NATSBytes.skipBlanks(bytes, from: position, to: lineEnd)
            let statusStart = position
            while position < lineEnd, !NATSBytes.isBlank(bytes[position]) { position += 1 }
            if position > statusStart {
                guard position - statusStart == 3, let status = NATSBytes.decimal(bytes, statusStart..<position) else {
                    return .failure(.malformedHeaders("status '\(NATSBytes.printable(bytes, statusStart..<position))' is not 3 digits"))
                }
                headers.status = Int(status)
                let description = NATSBytes.trimmed(bytes, NATSBytes.skipBlanks(bytes, from: position, to: lineEnd)..<lineEnd)
                if !description.isEmpty { headers.statusDescription = Self.text(bytes, description) }
            }
        }
        position = lineEnd + 2
        while true {
            guard let end = NATSBytes.findCRLF(bytes, from: position, limit: bytes.count - position) else {
                return .failure(.malformedHeaders("a header line has no CRLF (the block must end with an empty line)"))
            }
            if end == position {
                guard end + 2 == bytes.count else { return .failure(.malformedHeaders("bytes after the empty line that ends the block")) }
                return .success(headers)
            }
            guard let colon = UnsafeRawBufferPointer(rebasing: bytes[position..<end]).firstIndex(of: UInt8(ascii: ":")).map({ $0 + position }) else {
                return .failure(.malformedHeaders("line '\(NATSBytes.printable(bytes, position..<end))' has no colon"))
            }
            let name = NATSBytes.trimmed(bytes, position..<colon)
            guard !name.isEmpty, !NATSBytes.isBlank(bytes[position]) else {
                return .failure(.malformedHeaders("line '\(NATSBytes.printable(bytes, position..<end))' has no header name"))
            }
            let value = NATSBytes.trimmed(bytes, NATSBytes.skipBlanks(bytes, from: colon + 1, to: end)..<end)
            headers.fields.append(Field(name: Self.text(bytes, name), value: Array(bytes[value])))
            position = end + 2
        }
    }

    private static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: - Encoding

    /// Writes the block (status line, fields, empty line); the byte count it wrote is `HPUB`'s
    /// header size. Names must be visible ASCII without a colon, values free of CR and LF.
    public func encode(into buffer: inout ByteBuffer) throws(NATSWireError) {
        for field in fields {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: ":") }) else {
                throw .invalidHeader("name '\(field.name)' must be visible ASCII without ':'")
            }
            guard !field.value.contains(0x0d), !field.value.contains(0x0a) else {
                throw .invalidHeader("the value of '\(field.name)' contains a line break")
            }
        }
        buffer.writeString("NATS/1.0")
        if let status {
            // Always three digits, as the status line is read back (`000` stays `000`).
            let digits = String(status)
            buffer.writeString(" " + String(repeating: "0", count: max(0, 3 - digits.count)) + digits)
            if let statusDescription { buffer.writeString(" \(statusDescription)") }
        }
        buffer.writeString("\r\n")
        for field in fields {
            buffer.writeString(field.name)
            buffer.writeString(": ")
            buffer.writeBytes(field.value)
            buffer.writeString("\r\n")
        }
        buffer.writeString("\r\n")
    }

    /// The encoded bytes, for sizes and tests.
    public func encoded() throws(NATSWireError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try encode(into: &buffer)
        return buffer
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a)
        }
    }
}
