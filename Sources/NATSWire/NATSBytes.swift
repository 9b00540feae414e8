#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte helpers shared by the parsers: searching, blanks, decimal numbers, printable excerpts.
enum NATSBytes {
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The index of the `\r` of the first CRLF within the first `limit` bytes from `from`, or `nil`.
    static func findCRLF(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = min(bytes.count, from + limit)
        var position = from
        while position < end - 1 {
            guard let found = memchr(base + position, 0x0d, end - 1 - position) else { return nil }
            let index = base.distance(to: UnsafeRawPointer(found))
            if bytes[index + 1] == 0x0a { return index }
            position = index + 1
        }
        return nil
    }

    static func skipBlanks(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Int {
        var position = from
        while position < end, isBlank(bytes[position]) { position += 1 }
        return position
    }

    /// `range` without trailing blanks.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound, isBlank(bytes[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    /// A non-negative decimal that fits in 64 bits (no sign, no overflow), or `nil`.
    static func decimal(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 20 else { return nil }
        var value: UInt64 = 0
        for index in range {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// At most 40 bytes of `range`, with anything outside printable ASCII as `\xNN`, for error texts.
    static func printable(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var text = ""
        for index in range.prefix(40) {
            let byte = bytes[index]
            if byte >= 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(to: 2)
            }
        }
        return range.count > 40 ? text + "…" : text
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
