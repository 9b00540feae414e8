import EvmonModel

/// Writes JSON values as bytes, losslessly: strings keep exactly their scalars.
///
/// Beyond what JSON requires, C1 controls, DEL and bidi overrides are written as `\uXXXX`
/// escapes, so JSON output piped to a terminal cannot drive it.
public enum JSONOutput {
    /// Appends `bytes` as a JSON string when they are valid UTF-8, else as `{"base64":"…"}`,
    /// and `null` when absent (docs/CLI.md's shape for keys, values and header values).
    public static func appendBytes(_ bytes: [UInt8]?, to output: inout [UInt8]) {
        guard let bytes else { output.append(literal: "null"); return }
        if !appendStringIfValid(bytes, to: &output) {
            output.append(literal: #"{"base64":""#)
            Base64.append(bytes, to: &output)
            output.append(contentsOf: #""}"#.utf8)
        }
    }

    /// Appends a Swift string as a JSON string.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer in
            output.append(UInt8(ascii: "\""))
            appendEscapedBody(buffer, to: &output)
            output.append(UInt8(ascii: "\""))
        }
    }

    /// Appends `bytes` as a JSON string if they are valid UTF-8; leaves `output` untouched and
    /// returns false otherwise.
    static func appendStringIfValid(_ bytes: [UInt8], to output: inout [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let mark = output.count
            output.append(UInt8(ascii: "\""))
            guard appendEscapedBody(buffer, to: &output) else {
                output.removeSubrange(mark...)
                return false
            }
            output.append(UInt8(ascii: "\""))
            return true
        }
    }

    /// Escapes a string body; returns false at the first invalid UTF-8 byte.
    @discardableResult
    static func appendEscapedBody(_ buffer: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        output.reserveCapacity(output.count + buffer.count + 2)
        var index = 0
        var runStart = 0
        while index < buffer.count {
            // Eight bytes at a time while none needs a look: printable ASCII other than `"` and `\`.
            while index + 8 <= buffer.count, isPlainASCII(UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < buffer.count else { break }
            let byte = buffer[index]
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                // A backslash before it, and the byte itself starts the next run: quotes are
                // common in values that hold JSON, so no call per quote.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                output.append(UInt8(ascii: "\\"))
                runStart = index
                index += 1
                continue
            }
            if byte < 0x80 {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                appendEscape(UInt32(byte), to: &output)
                index += 1
                runStart = index
                continue
            }
            switch decodeUTF8(buffer, at: index) {
            case .invalid:
                return false
            case .scalar(let scalar, let length):
                if isInvisibleControl(scalar) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                    appendEscape(scalar, to: &output)
                    index += length
                    runStart = index
                } else {
                    index += length
                }
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
        return true
    }

    /// Whether all eight bytes of `word` are in 0x20…0x7E and none is `"` or `\` (SWAR: a byte
    /// test per lane, without branching per byte).
    @inline(__always)
    static func isPlainASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        return TerminalText.isPrintableASCII(word) && !hasZeroByte(word ^ (ones &* 0x22)) && !hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// A control character (or an invisible one) as `\n`, `\r`, `\t` or `\uXXXX`; quotes and
    /// backslashes are escaped inline by `appendEscapedBody`.
    private static func appendEscape(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0x0A: output.append(literal: #"\n"#)
        case 0x0D: output.append(literal: #"\r"#)
        case 0x09: output.append(literal: #"\t"#)
        default:
            output.append(literal: #"\u"#)
            output.append(hexByte: UInt8(scalar >> 8))
            output.append(hexByte: UInt8(scalar & 0xFF))
        }
    }
}
