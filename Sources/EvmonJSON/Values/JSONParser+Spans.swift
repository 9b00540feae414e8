import EvmonModel

extension JSONParser {
    /// One member of a top-level object: its name and where its value's text lies.
    public struct MemberSpan: Sendable, Equatable {
        public var name: String
        /// The value's bytes within the document, exactly as written.
        public var value: Range<Int>
    }

    /// The members of a document that must be one JSON object, each with the span of its
    /// value's text, validated as `parse` would but without building the values: a reader that
    /// wants a nested object's text as written (numbers keep their digits) takes it from here.
    public static func memberSpans(ofObject buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> [MemberSpan] {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") else {
            throw parser.error("expected a JSON object")
        }
        parser.index += 1
        var members: [MemberSpan] = []
        parser.skipWhitespace()
        if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "}") {
            parser.index += 1
        } else {
            while true {
                parser.skipWhitespace()
                guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "\"") else {
                    throw parser.error(parser.index < buffer.count ? "expected a member name in quotes" : "unexpected end of input in an object")
                }
                let name = try parser.parseString()
                parser.skipWhitespace()
                guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: ":") else { throw parser.error("expected ':' after a member name") }
                parser.index += 1
                parser.skipWhitespace()
                // The value is walked without building it: only its extent is wanted.
                var walker = JSONParser(bytes: buffer, building: false)
                walker.index = parser.index
                _ = try walker.parseValue()
                members.append(MemberSpan(name: name, value: parser.index..<walker.index))
                parser.index = walker.index
                parser.skipWhitespace()
                guard parser.index < buffer.count else { throw parser.error("unexpected end of input in an object") }
                if buffer[parser.index] == UInt8(ascii: ",") { parser.index += 1; continue }
                if buffer[parser.index] == UInt8(ascii: "}") { parser.index += 1; break }
                throw parser.error("expected ',' or '}' in an object")
            }
        }
        parser.skipWhitespace()
        guard parser.index == buffer.count else { throw parser.error("unexpected text after the JSON value") }
        return members
    }

    /// The bytes a JSON string literal (quotes included, already validated) stands for. Raw
    /// bytes that are not UTF-8 are refused rather than repaired: a fixture that says one thing
    /// must not send another.
    public static func stringBytes(_ literal: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> [UInt8] {
        var index = 0
        while index < literal.count {
            if literal[index] < 0x80 { index += 1; continue }
            guard case .scalar(_, let length) = decodeUTF8(literal, at: index) else {
                throw JSONParseError(offset: index, reason: "a string that is not UTF-8 (write bytes as {\"base64\": …})")
            }
            index += length
        }
        var parser = JSONParser(bytes: literal)
        return try parser.parseStringBytes()
    }

    /// A validated JSON value's text without the whitespace between its tokens.
    public static func compactText(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var inString = false
        var escaped = false
        for byte in text {
            if inString {
                output.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            case UInt8(ascii: "\""): inString = true
            default: break
            }
            output.append(byte)
        }
        return output
    }
}
