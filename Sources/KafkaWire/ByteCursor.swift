/// A bounds-checked reader over raw bytes, for the hot record loop (no ByteBuffer overhead).
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    @inline(__always)
    mutating func uint8() throws(KafkaWireError) -> UInt8 {
        guard position < bytes.count else { throw .truncated("record") }
        defer { position += 1 }
        return bytes[position]
    }

    /// A zig-zag varint of at most 10 bytes.
    @inline(__always)
    mutating func varlong() throws(KafkaWireError) -> Int64 {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw .truncated("record varint") }
            let byte = bytes[position]
            position += 1
            raw |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            guard shift < 64 else { throw .invalidLength("varint longer than 64 bits") }
        }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    @inline(__always)
    mutating func varint() throws(KafkaWireError) -> Int {
        let value = try varlong()
        guard value >= Int64(Int32.min), value <= Int64(Int32.max) else { throw .invalidLength("varint \(value) beyond 32 bits") }
        return Int(value)
    }

    /// Bytes whose varint length is −1 for null.
    @inline(__always)
    mutating func nullableBytes() throws(KafkaWireError) -> [UInt8]? {
        let length = try varint()
        if length == -1 { return nil }
        guard length >= 0, length <= remaining else { throw .invalidLength("field of \(length) bytes with \(remaining) left") }
        defer { position += length }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]))
    }

    mutating func skip(_ count: Int) throws(KafkaWireError) {
        guard count >= 0, count <= remaining else { throw .invalidLength("skip of \(count) with \(remaining) left") }
        position += count
    }
}
