/// Makes arbitrary bytes safe to show on a terminal, keeping them readable.
///
/// Printable text passes through. Control characters become `\n`, `\t`, `\r` or `\x1b`; invalid
/// UTF-8 bytes become `\xff`; C1 controls and bidi overrides become `\u202e`. Nothing that could
/// move the cursor, retitle the window or reorder text survives.
public enum TerminalText {
    /// Appends the escaped form of `bytes`.
    public static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0, to: &output) }
    }

    /// Appends the escaped form of a string.
    public static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, to: &output) }
    }

    /// The escaped form of `bytes` as a string.
    public static func escaped(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        append(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The escaped form of a string.
    public static func escaped(_ text: String) -> String {
        escaped(Array(text.utf8))
    }

    static func append(_ buffer: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + buffer.count)
        var index = 0
        var runStart = 0
        while index < buffer.count {
            // Most values are printable ASCII: eight bytes at a time while they are.
            if let base = buffer.baseAddress {
                while index + 8 <= buffer.count, isPrintableASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                }
                if index >= buffer.count { break }
            }
            let byte = buffer[index]
            if byte >= 0x20, byte < 0x7F { index += 1; continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
            if byte < 0x80 {
                appendControl(byte, to: &output)
                index += 1
            } else {
                switch decodeUTF8(buffer, at: index) {
                case .invalid(let bad):
                    output.append(contentsOf: #"\x"#.utf8)
                    output.append(hexByte: bad)
                    index += 1
                case .scalar(let scalar, let length):
                    if isInvisibleControl(scalar) {
                        output.append(contentsOf: #"\u"#.utf8)
                        output.append(hexByte: UInt8(scalar >> 8))
                        output.append(hexByte: UInt8(scalar & 0xFF))
                    } else {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<index + length]))
                    }
                    index += length
                }
            }
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
    }

    /// Whether all eight bytes of `word` lie in 0x20…0x7E. A byte below 0x20 is found by the
    /// "has less than" trick, one at 0x7F or above by adding 1 and looking at the high bits (a
    /// carry out of a byte can only come from one already over 0x7F, which is caught anyway).
    @inlinable @inline(__always)
    public static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word & highBits
        let above = ((word &+ ones) | word) & highBits
        return below | above == 0
    }

    private static func appendControl(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case 0x0A: output.append(contentsOf: #"\n"#.utf8)
        case 0x09: output.append(contentsOf: #"\t"#.utf8)
        case 0x0D: output.append(contentsOf: #"\r"#.utf8)
        default:
            output.append(contentsOf: #"\x"#.utf8)
            output.append(hexByte: byte)
        }
    }
}
