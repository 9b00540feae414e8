#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import EvmonModel

/// A strict RFC 8259 parser over bytes, fast enough to parse every message once.
///
/// Written by hand because Foundation's `JSONSerialization` is several times too slow for the
/// watches' budget (docs/DECISIONS.md). It never traps on input: malformed bytes, a truncated
/// document, trailing garbage or nesting deeper than `maxDepth` all come back as errors.
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"a":[1,2]}"#.utf8))
/// ```
public struct JSONParser {
    /// Deeper nesting is refused rather than risking the stack on hostile input.
    public static let maxDepth = 256

    let bytes: UnsafeBufferPointer<UInt8>
    /// False when only validity is wanted: the same walk, without building strings, members or
    /// elements (no allocation for the common document).
    private let building: Bool
    var index = 0
    private var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, building: Bool = true) {
        self.bytes = bytes
        self.building = building
    }

    /// Whether `bytes` is one JSON document that `parse` would accept, found without building
    /// it: for deciding how to show a value on every message.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, building: false)
            parser.skipWhitespace()
            guard (try? parser.parseValue()) != nil else { return false }
            parser.skipWhitespace()
            return parser.index == buffer.count
        }
    }

    /// Parses one JSON document (surrounding whitespace allowed, nothing else).
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            try parse(buffer)
        }
    }

    /// Parses one JSON document from a buffer.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            let byte = bytes[index]
            if byte >= 0x20, byte < 0x7F { throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'") }
            throw error("unexpected byte 0x\(String(byte, radix: 16))")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { throw error("unexpected end of input") }
        for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        index += length
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let name = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if building { members.append(JSONMember(name: name, value: value)) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw error("expected ',' or '}' in an object")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            let element = try parseValue()
            if building { elements.append(element) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            throw error("expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the common case; invalid UTF-8 is repaired with U+FFFD, as jq does.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = building ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) : ""
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        return String(decoding: try parseEscapedString(from: start), as: UTF8.self)
    }

    /// A string's bytes, escapes decoded. Raw bytes that are not UTF-8 are refused, not
    /// repaired: whoever reads bytes back must get exactly what the text says.
    mutating func parseStringBytes() throws(JSONParseError) -> [UInt8] {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return building ? Array(UnsafeBufferPointer(rebasing: bytes[start..<index - 1])) : []
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            index += byte < 0x80 ? 1 : try utf8Length()
        }
        return try parseEscapedString(from: start, validatingUTF8: true)
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or an error.
    private func utf8Length() throws(JSONParseError) -> Int {
        guard case .scalar(_, let length) = decodeUTF8(bytes, at: index) else {
            throw error("a string that is not UTF-8 (write bytes as {\"base64\": …})")
        }
        return length
    }

    /// The rest of a string from `index`, the first escape or its end, its body starting at
    /// `start`. Runs between escapes are copied whole; nothing is built when only validating.
    private mutating func parseEscapedString(from start: Int, validatingUTF8: Bool = false) throws(JSONParseError) -> [UInt8] {
        guard index < bytes.count else { throw error("unterminated string") }
        var scalars: [UInt8] = []
        if building {
            scalars.reserveCapacity(index - start + 64)
            scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        while index < bytes.count {
            let runStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += byte < 0x80 || !validatingUTF8 ? 1 : try utf8Length()
            }
            if building, index > runStart { scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return scalars
            }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            let decoded: UInt8
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = escape
            case UInt8(ascii: "b"): decoded = 0x08
            case UInt8(ascii: "f"): decoded = 0x0C
            case UInt8(ascii: "n"): decoded = 0x0A
            case UInt8(ascii: "r"): decoded = 0x0D
            case UInt8(ascii: "t"): decoded = 0x09
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        if building { appendScalar(0xFFFD, to: &scalars) }
                        scalar = low
                    }
                }
                if building { appendScalar((0xD800...0xDFFF).contains(scalar) ? 0xFFFD : scalar, to: &scalars) }
                continue
            default:
                index -= 1
                throw error("invalid escape in a string")
            }
            if building { scalars.append(decoded) }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func appendScalar(_ value: UInt32, to output: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        output.append(contentsOf: UTF8.encode(scalar)!)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        var mantissa: UInt64 = 0
        var digits = 0
        var decimalExponent = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] - 48); digits += 1 } else { decimalExponent += 1 }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: no digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] - 48); digits += 1; decimalExponent -= 1 }
                index += 1
            }
        }
        var explicitExponent = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            explicitExponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: no digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // Exact fast path (Clinger): a mantissa below 2^53 scaled by an exact power of ten is
        // correctly rounded by one IEEE multiplication or division.
        if !explicitExponent, mantissa < (1 << 53), digits < 19, (-22...22).contains(decimalExponent) {
            var value = Double(mantissa)
            value = decimalExponent < 0 ? value / Self.powersOfTen[-decimalExponent] : value * Self.powersOfTen[decimalExponent]
            return negative ? -value : value
        }
        return building ? slowNumber(from: start) : 0
    }

    private func slowNumber(from start: Int) -> Double {
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        text.append(0)
        return text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
}
