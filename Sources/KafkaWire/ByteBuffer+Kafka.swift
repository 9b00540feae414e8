import NIOCore

/// Kafka's primitive types, written; `flexible` selects compact strings, bytes and arrays.
extension ByteBuffer {
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? 1 : 0, as: Int8.self)
    }

    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    /// A zig-zag varint (record-level integers).
    public mutating func writeVarint(_ value: Int64) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(rest))
    }

    /// A string; past what the encoding's length can say (32,767 bytes classic, 2^32 − 2
    /// compact) only the bytes that fit are written. Callers refuse such names first (Kafka
    /// allows 249-byte topic names); this only makes sure an encoder never traps.
    public mutating func writeKafkaString(_ value: String?, flexible: Bool) {
        guard let value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int16.self) }
            return
        }
        let bytes = value.utf8.prefix(flexible ? Int(UInt32.max - 1) : Int(Int16.max))
        if flexible { writeUnsignedVarint(UInt32(bytes.count + 1)) } else { writeInteger(Int16(bytes.count)) }
        writeBytes(bytes)
    }

    public mutating func writeKafkaBytes(_ value: ByteBuffer?, flexible: Bool) {
        guard var value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        if flexible { writeUnsignedVarint(UInt32(value.readableBytes + 1)) } else { writeInteger(Int32(value.readableBytes)) }
        writeBuffer(&value)
    }

    /// An array's count; `nil` writes a null array.
    public mutating func writeArrayCount(_ count: Int?, flexible: Bool) {
        guard let count else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        if flexible { writeUnsignedVarint(UInt32(count + 1)) } else { writeInteger(Int32(count)) }
    }

    /// An empty tagged-field block (flexible versions only).
    public mutating func writeEmptyTaggedFields(flexible: Bool) {
        if flexible { writeUnsignedVarint(0) }
    }
}
