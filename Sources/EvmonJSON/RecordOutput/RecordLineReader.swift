import EvmonModel

/// Walks one record line with the JSON parser itself, member by member, so that each value is
/// read once: validated and decoded in the same pass. `RecordLine` says what the members mean.
struct RecordLineReader {
    var parser: JSONParser
    /// Only where the message is: its key, value and headers are validated, not built (a
    /// capture's index reads every line this way; the tail decodes the ones it shows).
    var coordinatesOnly = false

    private var bytes: UnsafeBufferPointer<UInt8> { parser.bytes }

    mutating func line() throws(RecordLineError) -> RecordLine {
        guard try peek() == UInt8(ascii: "{") else { throw RecordLineError("not a JSON object") }
        parser.index += 1
        var decoded = RecordLine()
        // One bit per known member: a line has few, and a set of strings would cost per line.
        var seen: UInt16 = 0
        if try peek() == UInt8(ascii: "}") {
            parser.index += 1
        } else {
            while true {
                guard try peek() == UInt8(ascii: "\"") else { throw invalid("expected a member name in quotes") }
                let member = try memberName()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                _ = try peek()
                guard let bit = member.index else {
                    throw RecordLineError(
                        "unknown member '\(TerminalText.escaped(member.name))' (a line has \(RecordLine.memberNames.prefix(7).joined(separator: ", ")))")
                }
                guard seen & (1 << bit) == 0 else { throw RecordLineError("'\(member.name)' appears twice") }
                seen |= 1 << bit
                switch bit {
                case 0: decoded.topic = try optionalString("topic")
                case 1: decoded.partition = try optionalInteger("partition", max: Int64(Int32.max)).map(Int.init)
                case 2: decoded.offset = try offset()
                case 3: decoded.timestamp = try optionalInteger("timestamp", max: .max)
                case 4: decoded.key = try skippedOrBytes("key")
                case 5:
                    // Headers are few and short: read whole either way, so both readings refuse alike.
                    let headers = try headers()
                    if !coordinatesOnly { decoded.headers = headers }
                case 6: decoded.value = try skippedOrBytes("value")
                default: _ = try span()
                }
                let next = try peek()
                parser.index += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "}") { break }
                parser.index -= 1
                throw invalid("expected ',' or '}' in an object")
            }
        }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw invalid("unexpected text after the JSON value") }
        return decoded
    }

    // MARK: - Members

    /// A member's name and its place in `RecordLine.memberNames`, matched on its bytes: no
    /// string is made for the names a line is expected to have.
    private mutating func memberName() throws(RecordLineError) -> (name: String, index: Int?) {
        let start = parser.index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let index = Self.knownNames.firstIndex(where: { $0.elementsEqual(raw) }) {
                parser.index = end + 1
                return (RecordLine.memberNames[index], index)
            }
        }
        let name = try syntax { (parser) throws(JSONParseError) in try parser.parseString() }
        return (name, RecordLine.memberNames.firstIndex(of: name))
    }

    private static let knownNames = RecordLine.memberNames.map { Array($0.utf8) }

    /// A key or value; when reading coordinates, only checked as `bytesValue` checks it (a
    /// string's UTF-8, a base64 object's text), without keeping it: a line the index takes must
    /// be one the tail can decode.
    private mutating func skippedOrBytes(_ member: String) throws(RecordLineError) -> [UInt8]? {
        guard coordinatesOnly else { return try bytesValue(member) }
        switch try peek() {
        case UInt8(ascii: "\""):
            var walker = JSONParser(bytes: bytes, building: false)
            walker.index = parser.index
            do {
                _ = try walker.parseStringBytes()
            } catch {
                throw RecordLineError("invalid JSON: \(error)")
            }
            parser.index = walker.index
        case UInt8(ascii: "{"):
            _ = try bytesValue(member)
        default:
            _ = try span()
        }
        return nil
    }

    private mutating func optionalString(_ member: String) throws(RecordLineError) -> String? {
        switch try peek() {
        case UInt8(ascii: "n"): try null(); return nil
        case UInt8(ascii: "\""): return String(decoding: try string(), as: UTF8.self)
        default: throw RecordLineError("'\(member)' must be a string")
        }
    }

    private mutating func optionalInteger(_ member: String, max: Int64) throws(RecordLineError) -> Int64? {
        let text = try span()
        if text.first == UInt8(ascii: "n") { return nil }
        // Digits only (no sign, fraction or exponent), read without making a string.
        var value: Int64 = 0
        var valid = !text.isEmpty && text.count <= 19
        for byte in text where valid {
            let digit = byte &- UInt8(ascii: "0")
            let (tens, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = tens.addingReportingOverflow(Int64(digit))
            guard digit < 10, !overflow, !carry else {
                valid = false
                break
            }
            value = sum
        }
        guard valid, value <= max else {
            throw RecordLineError("'\(member)' must be a whole number from 0 to \(max), not \(RecordLine.excerpt(text))")
        }
        return value
    }

    private mutating func offset() throws(RecordLineError) -> Offset? {
        let text: String
        switch try peek() {
        case UInt8(ascii: "n"): try null(); return nil
        case UInt8(ascii: "\""): text = String(decoding: try string(), as: UTF8.self)
        default: text = String(decoding: try span(), as: UTF8.self)
        }
        // Redis entry ids are strings: "1716123456789-0".
        guard let offset = Offset(parsing: Substring(text)) else {
            throw RecordLineError("'offset' must be a whole number ≥ 0 or a Redis id, not \(TerminalText.escaped(String(text.prefix(40))))")
        }
        return offset
    }

    /// A key, value or header value: see `RecordLine`.
    private mutating func bytesValue(_ member: String) throws(RecordLineError) -> [UInt8]? {
        switch try peek() {
        case UInt8(ascii: "n"):
            try null()
            return nil
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "{"):
            let text = try span()
            let inner: [JSONParser.MemberSpan]
            do {
                inner = try JSONParser.memberSpans(ofObject: text)
            } catch {
                throw RecordLineError("'\(member)': \(error)")
            }
            guard inner.count == 1, inner[0].name == "base64" else { return JSONParser.compactText(text) }
            let encoded = UnsafeBufferPointer(rebasing: text[inner[0].value])
            guard encoded.first == UInt8(ascii: "\""), let literal = try? JSONParser.stringBytes(encoded),
                  let decoded = Base64.decode(String(decoding: literal, as: UTF8.self)) else {
                throw RecordLineError("'\(member)': base64 must be a string of standard base64")
            }
            return decoded
        default:
            return JSONParser.compactText(try span())
        }
    }

    /// `[[name, value], …]` as tail prints them, or `{"name": value, …}` as people write them.
    private mutating func headers() throws(RecordLineError) -> [Header] {
        var headers: [Header] = []
        switch try peek() {
        case UInt8(ascii: "n"):
            try null()
        case UInt8(ascii: "{"):
            parser.index += 1
            if try peek() == UInt8(ascii: "}") {
                parser.index += 1
                return headers
            }
            while true {
                guard try peek() == UInt8(ascii: "\"") else { throw invalid("expected a member name in quotes") }
                let name = String(decoding: try string(), as: UTF8.self)
                try expect(UInt8(ascii: ":"), "':' after a member name")
                headers.append(Header(name: name, value: try bytesValue("headers")))
                if try endOfList(UInt8(ascii: "}")) { break }
            }
        case UInt8(ascii: "["):
            parser.index += 1
            if try peek() == UInt8(ascii: "]") {
                parser.index += 1
                return headers
            }
            while true {
                let pairStart = parser.index
                guard try peek() == UInt8(ascii: "[") else { throw try notAPair(from: pairStart) }
                parser.index += 1
                guard try peek() == UInt8(ascii: "\"") else {
                    throw RecordLineError("a header's name must be a string, not \(RecordLine.excerpt(try span()))")
                }
                let name = String(decoding: try string(), as: UTF8.self)
                guard try peek() == UInt8(ascii: ",") else { throw try notAPair(from: pairStart) }
                parser.index += 1
                _ = try peek()
                let value = try bytesValue("headers")
                guard try peek() == UInt8(ascii: "]") else { throw try notAPair(from: pairStart) }
                parser.index += 1
                headers.append(Header(name: name, value: value))
                if try endOfList(UInt8(ascii: "]")) { break }
            }
        default:
            throw RecordLineError("'headers' must be a list of [name, value] pairs or an object, not \(RecordLine.excerpt(try span()))")
        }
        return headers
    }

    /// The error for an element of `headers` that is not a `[name, value]` pair.
    private mutating func notAPair(from start: Int) throws(RecordLineError) -> RecordLineError {
        parser.index = start
        _ = try peek()
        return RecordLineError("'headers' must hold [name, value] pairs, not \(RecordLine.excerpt(try span()))")
    }

    // MARK: - Tokens

    /// Whether the list ends here (`close`), after a `,` or the closing byte.
    private mutating func endOfList(_ close: UInt8) throws(RecordLineError) -> Bool {
        let next = try peek()
        parser.index += 1
        if next == UInt8(ascii: ",") { return false }
        if next == close { return true }
        parser.index -= 1
        throw invalid("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    /// The next byte after whitespace.
    private mutating func peek() throws(RecordLineError) -> UInt8 {
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw invalid("unexpected end of input") }
        return bytes[parser.index]
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(RecordLineError) {
        guard try peek() == byte else { throw invalid("expected \(what)") }
        parser.index += 1
    }

    private mutating func null() throws(RecordLineError) {
        try syntax { (parser) throws(JSONParseError) in try parser.expectWord("null") }
    }

    private mutating func string() throws(RecordLineError) -> [UInt8] {
        try syntax { (parser) throws(JSONParseError) in try parser.parseStringBytes() }
    }

    /// The next value's text, validated but not built.
    private mutating func span() throws(RecordLineError) -> UnsafeBufferPointer<UInt8> {
        let start = parser.index
        var walker = JSONParser(bytes: bytes, building: false)
        walker.index = start
        do {
            _ = try walker.parseValue()
        } catch {
            throw RecordLineError("invalid JSON: \(error)")
        }
        parser.index = walker.index
        return UnsafeBufferPointer(rebasing: bytes[start..<walker.index])
    }

    private mutating func syntax<T>(_ body: (inout JSONParser) throws(JSONParseError) -> T) throws(RecordLineError) -> T {
        do {
            return try body(&parser)
        } catch {
            throw RecordLineError("invalid JSON: \(error)")
        }
    }

    private func invalid(_ reason: String) -> RecordLineError {
        RecordLineError("invalid JSON: \(reason) at byte \(parser.index)")
    }
}
