import EvmonJSON

/// Spans of JSON text already validated by `JSONParser`, read without building values: the
/// encoder needs numbers as written (a long of 19 digits is not a double) and strings as bytes.
struct AvroJSONText {
    let bytes: UnsafeBufferPointer<UInt8>

    func skipWhitespace(_ index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        return index
    }

    /// Where the value starting at `start` ends. Iterative: nesting costs no stack.
    func valueEnd(_ start: Int) -> Int {
        var index = start
        var depth = 0
        repeat {
            guard index < bytes.count else { return index }
            switch bytes[index] {
            case UInt8(ascii: "\""): index = stringEnd(index)
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1; index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x0A, 0x0D, 0x09: index += 1
            default:
                // A number or a literal: up to the next delimiter.
                while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
            }
        } while depth > 0
        return index
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"), 0x20, 0x0A, 0x0D, 0x09: return true
        default: return false
        }
    }

    /// The index after the closing quote of the string starting at `start`.
    func stringEnd(_ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
            } else if bytes[index] == UInt8(ascii: "\"") {
                return index + 1
            } else {
                index += 1
            }
        }
        return index
    }

    /// The bytes a string literal stands for.
    func string(_ span: Range<Int>) throws(JSONParseError) -> [UInt8] {
        try JSONParser.stringBytes(UnsafeBufferPointer(rebasing: bytes[span]))
    }

    /// An object's members: names decoded, values as spans.
    func members(_ span: Range<Int>) throws(JSONParseError) -> [(name: String, value: Range<Int>)] {
        var members: [(String, Range<Int>)] = []
        var index = skipWhitespace(span.lowerBound + 1)
        while index < span.upperBound, bytes[index] != UInt8(ascii: "}") {
            let nameEnd = stringEnd(index)
            let name = String(decoding: try string(index..<nameEnd), as: UTF8.self)
            let valueStart = skipWhitespace(skipWhitespace(nameEnd) + 1)
            let end = valueEnd(valueStart)
            members.append((name, valueStart..<end))
            index = skipWhitespace(end)
            if index < span.upperBound, bytes[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
        }
        return members
    }

    /// An array's elements as spans.
    func elements(_ span: Range<Int>) -> [Range<Int>] {
        var elements: [Range<Int>] = []
        var index = skipWhitespace(span.lowerBound + 1)
        while index < span.upperBound, bytes[index] != UInt8(ascii: "]") {
            let end = valueEnd(index)
            elements.append(index..<end)
            index = skipWhitespace(end)
            if index < span.upperBound, bytes[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
        }
        return elements
    }

    /// The text of a span (a number as written).
    func text(_ span: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[span]), as: UTF8.self)
    }

    func first(_ span: Range<Int>) -> UInt8 { bytes[span.lowerBound] }
}
