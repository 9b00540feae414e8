/// Small, allocation-free writers for building output lines directly as bytes.
extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text`.
    @inlinable
    public mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends a literal's bytes without going through `String.UTF8View` (which costs a generic
    /// lookup per call on hot paths).
    @inlinable
    public mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a decimal integer.
    @inlinable
    public mutating func append(decimal value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(decimal: UInt64(bitPattern: 0 &- value))
        } else {
            append(decimal: UInt64(value))
        }
    }

    /// Appends a decimal integer, or JSON's `null` when there is none.
    public mutating func append(optionalDecimal value: Int64?) {
        if let value { append(decimal: value) } else { append(contentsOf: "null".utf8) }
    }

    /// Appends a decimal unsigned integer.
    @inlinable
    public mutating func append(decimal value: UInt64) {
        // Digits from the right into a stack buffer: dividing by the constant 10 compiles to a
        // multiplication, where a loop over a variable divisor costs real divisions (two 13-digit
        // numbers per Redis record made this 7% of `tail --format json`).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var start = 20
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
            } while remaining > 0
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// Appends an offset as brokers write it (`42`, `1716123456789-0`), without building a String.
    @inlinable
    public mutating func append(offset: Offset) {
        switch offset {
        case .sequence(let value):
            append(decimal: value)
        case .streamID(let milliseconds, let sequence):
            append(decimal: milliseconds)
            append(UInt8(ascii: "-"))
            append(decimal: sequence)
        }
    }

    /// Appends `value` as two zero-padded lowercase hex digits.
    @inlinable
    public mutating func append(hexByte value: UInt8) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            append(table[Int(value >> 4)])
            append(table[Int(value & 0x0F)])
        }
    }

    /// Appends a zero-padded decimal of `width` digits.
    @inlinable
    mutating func append(padded value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(remaining / divisor % 10))
            remaining %= divisor
            divisor /= 10
        }
    }
}
