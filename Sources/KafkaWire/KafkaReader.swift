import NIOCore

/// A checked reader over a response body: every read throws on short input, lengths are capped.
///
/// `flexible` selects the compact forms (unsigned-varint lengths) that flexible API versions use.
public struct KafkaReader {
    /// The bytes not yet read.
    public var buffer: ByteBuffer
    public let flexible: Bool
    /// Largest count an array may claim; the bytes left also bound it.
    public static let maximumArrayCount = 1_000_000

    public init(_ buffer: ByteBuffer, flexible: Bool) {
        self.buffer = buffer
        self.flexible = flexible
    }

    public var remaining: Int { buffer.readableBytes }

    public mutating func int8() throws(KafkaWireError) -> Int8 {
        guard let value = buffer.readInteger(as: Int8.self) else { throw .truncated("int8") }
        return value
    }

    public mutating func int16() throws(KafkaWireError) -> Int16 {
        guard let value = buffer.readInteger(as: Int16.self) else { throw .truncated("int16") }
        return value
    }

    public mutating func int32() throws(KafkaWireError) -> Int32 {
        guard let value = buffer.readInteger(as: Int32.self) else { throw .truncated("int32") }
        return value
    }

    public mutating func int64() throws(KafkaWireError) -> Int64 {
        guard let value = buffer.readInteger(as: Int64.self) else { throw .truncated("int64") }
        return value
    }

    public mutating func bool() throws(KafkaWireError) -> Bool { try int8() != 0 }

    public mutating func uuid() throws(KafkaWireError) -> [UInt8] {
        guard let bytes = buffer.readBytes(length: 16) else { throw .truncated("uuid") }
        return bytes
    }

    /// An unsigned varint of at most 5 bytes (32 bits).
    public mutating func unsignedVarint() throws(KafkaWireError) -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard let byte = buffer.readInteger(as: UInt8.self) else { throw .truncated("varint") }
            if shift == 28 && byte > 0x0f { throw .invalidLength("varint longer than 32 bits") }
            result |= UInt32(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A compact length: the varint holds N + 1, 0 meaning null (`nil`).
    private mutating func compactLength() throws(KafkaWireError) -> Int? {
        let raw = try unsignedVarint()
        return raw == 0 ? nil : Int(raw) - 1
    }

    private mutating func length16or32(_ wide: Bool) throws(KafkaWireError) -> Int? {
        let raw = wide ? Int(try int32()) : Int(try int16())
        if raw == -1 { return nil }
        guard raw >= 0 else { throw .invalidLength("negative length \(raw)") }
        return raw
    }

    public mutating func nullableString() throws(KafkaWireError) -> String? {
        let length = flexible ? try compactLength() : try length16or32(false)
        guard let length else { return nil }
        guard length <= remaining else { throw .invalidLength("string of \(length) bytes with \(remaining) left") }
        return buffer.readString(length: length)
    }

    public mutating func string() throws(KafkaWireError) -> String {
        guard let value = try nullableString() else { throw .malformed("null where a string is required") }
        return value
    }

    public mutating func nullableBytes() throws(KafkaWireError) -> ByteBuffer? {
        let length = flexible ? try compactLength() : try length16or32(true)
        guard let length else { return nil }
        guard length <= remaining else { throw .invalidLength("bytes of \(length) with \(remaining) left") }
        return buffer.readSlice(length: length)
    }

    public mutating func bytes() throws(KafkaWireError) -> ByteBuffer {
        try nullableBytes() ?? ByteBuffer()
    }

    /// An array's element count; `nil` for a null array. Each element takes a byte at least.
    public mutating func arrayCount() throws(KafkaWireError) -> Int? {
        let count: Int?
        if flexible {
            count = try compactLength()
        } else {
            let raw = Int(try int32())
            if raw == -1 { return nil }
            guard raw >= 0 else { throw .invalidLength("negative array count \(raw)") }
            count = raw
        }
        guard let count else { return nil }
        guard count <= Self.maximumArrayCount, count <= remaining else {
            throw .invalidLength("array of \(count) elements with \(remaining) bytes left")
        }
        return count
    }

    /// Reads an array with `element`; a null array reads as empty.
    public mutating func array<T>(_ element: (inout KafkaReader) throws(KafkaWireError) -> T) throws(KafkaWireError) -> [T] {
        guard let count = try arrayCount() else { return [] }
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    /// Reads the `[topic [partition …]]` nesting most responses share: `element` reads one
    /// partition's fields given its topic's name; tagged-field blocks are skipped after each level.
    public mutating func topicPartitions<T>(
        _ element: (String, inout KafkaReader) throws(KafkaWireError) -> T
    ) throws(KafkaWireError) -> [T] {
        var result: [T] = []
        _ = try array { (topicReader: inout KafkaReader) throws(KafkaWireError) in
            let topic = try topicReader.string()
            _ = try topicReader.array { (item: inout KafkaReader) throws(KafkaWireError) in
                result.append(try element(topic, &item))
                try item.taggedFields()
            }
            try topicReader.taggedFields()
        }
        return result
    }

    /// Skips a tagged-field block (flexible versions only); evmon reads no tagged field.
    /// A block missing at the very end is read as empty: Tansu leaves some out.
    public mutating func taggedFields() throws(KafkaWireError) {
        guard flexible, remaining > 0 else { return }
        let count = try unsignedVarint()
        guard count <= remaining else { throw .invalidLength("\(count) tagged fields with \(remaining) bytes left") }
        for _ in 0..<count {
            _ = try unsignedVarint()
            let size = Int(try unsignedVarint())
            guard size <= remaining else { throw .invalidLength("tagged field of \(size) bytes with \(remaining) left") }
            buffer.moveReaderIndex(forwardBy: size)
        }
    }
}
