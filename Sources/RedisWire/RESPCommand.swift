import NIOCore

/// A command as Redis reads it from clients: an array of bulk strings. Arguments are bytes, so
/// stream fields and values go out exactly as given (binary-safe, no quoting).
///
///     var buffer = ByteBuffer()
///     RESPCommand("XRANGE", "orders", "-", "+", "COUNT", "1000").encode(into: &buffer)
///     // *6\r\n$6\r\nXRANGE\r\n$6\r\norders\r\n$1\r\n-\r\n$1\r\n+\r\n$5\r\nCOUNT\r\n$4\r\n1000\r\n
public struct RESPCommand: Sendable, Equatable, CustomStringConvertible {
    public var arguments: [[UInt8]]

    public init(arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    /// A command from text words (UTF-8).
    public init(_ words: String...) {
        arguments = words.map { Array($0.utf8) }
    }

    /// A command from text words (UTF-8).
    public init(_ words: [String]) {
        arguments = words.map { Array($0.utf8) }
    }

    /// Appends a text argument.
    public mutating func append(_ word: String) {
        arguments.append(Array(word.utf8))
    }

    /// Appends a binary argument.
    public mutating func append(bytes: [UInt8]) {
        arguments.append(bytes)
    }

    /// The command's name, upper-cased, for error messages (`XRANGE`).
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
    }

    /// Writes the command's RESP bytes.
    public func encode(into buffer: inout ByteBuffer) {
        var size = 16
        for argument in arguments { size += argument.count + 16 }
        buffer.reserveCapacity(minimumWritableBytes: size)
        buffer.writeInteger(UInt8(ascii: "*"))
        Self.writeDecimal(arguments.count, into: &buffer)
        for argument in arguments {
            buffer.writeInteger(UInt8(ascii: "$"))
            Self.writeDecimal(argument.count, into: &buffer)
            buffer.writeBytes(argument)
            buffer.writeInteger(UInt16(0x0d0a))
        }
    }

    /// The command's RESP bytes.
    public var encoded: [UInt8] {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    private static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        buffer.writeString(String(value))
        buffer.writeInteger(UInt16(0x0d0a))
    }

    /// The name and arguments, with binary arguments elided; never the AUTH password.
    public var description: String {
        let upper = name
        if upper == "AUTH" || upper == "HELLO" { return upper + " …" }
        return arguments.map { String(validating: $0, as: UTF8.self) ?? "<\($0.count) bytes>" }.joined(separator: " ")
    }
}
