import EvmonModel

/// One line of `tail --format json` read back: what `evmon produce` sends and what a `file://`
/// capture holds. The inverse of `RecordJSON`: every line tail prints decodes to the bytes it
/// was printed from.
///
/// Fixtures are written by hand too, so a line may leave out what it does not need, and a
/// `key`, `value` or header value may be any JSON: a string is its UTF-8 bytes,
/// `{"base64": "…"}` the bytes it encodes, `null` absent, and any other object, array, number
/// or boolean its compact text (as written: numbers keep their digits).
///
///     let line = try RecordLine.decode(Array(#"{"key":"ord-1","value":{"total":24.50}}"#.utf8))
///     // line.value == Array(#"{"total":24.50}"#.utf8)
public struct RecordLine: Sendable, Equatable {
    public var topic: String?
    public var partition: Int?
    public var offset: Offset?
    public var timestamp: Int64?
    public var key: [UInt8]?
    public var headers: [Header]
    public var value: [UInt8]?

    public init(
        topic: String? = nil, partition: Int? = nil, offset: Offset? = nil, timestamp: Int64? = nil, key: [UInt8]? = nil,
        headers: [Header] = [], value: [UInt8]? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.headers = headers
        self.value = value
    }

    /// The members a line may have; `deltaMs` is what `evmon trace --format json` adds.
    public static let memberNames = ["topic", "partition", "offset", "timestamp", "key", "headers", "value", "deltaMs"]

    /// Decodes one line (without its newline). Errors say what is wrong in words a person
    /// fixing the file can act on.
    public static func decode(_ line: [UInt8]) throws(RecordLineError) -> RecordLine {
        try line.withUnsafeBufferPointer { (buffer) throws(RecordLineError) -> RecordLine in try decode(buffer) }
    }

    /// Decodes one line from a buffer.
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> RecordLine {
        let members: [JSONParser.MemberSpan]
        do {
            members = try JSONParser.memberSpans(ofObject: line)
        } catch {
            throw RecordLineError("not a JSON object: \(error)")
        }
        var decoded = RecordLine()
        var seen: Set<String> = []
        for member in members {
            guard seen.insert(member.name).inserted else { throw RecordLineError("'\(member.name)' appears twice") }
            let text = UnsafeBufferPointer(rebasing: line[member.value])
            switch member.name {
            case "topic":
                decoded.topic = try optionalString(text, member: "topic")
            case "partition":
                decoded.partition = try optionalInteger(text, member: "partition", max: Int64(Int32.max)).map(Int.init)
            case "offset":
                decoded.offset = try offset(text)
            case "timestamp":
                decoded.timestamp = try optionalInteger(text, member: "timestamp", max: .max)
            case "key":
                decoded.key = try bytes(text, member: "key")
            case "value":
                decoded.value = try bytes(text, member: "value")
            case "headers":
                decoded.headers = try headers(text)
            case "deltaMs":
                continue
            default:
                throw RecordLineError("unknown member '\(TerminalText.escaped(member.name))' (a line has \(memberNames.dropLast().joined(separator: ", ")))")
            }
        }
        return decoded
    }

    /// The message this line asks to write to `topic`.
    public func outgoing(to topic: String) -> OutgoingMessage {
        OutgoingMessage(topic: topic, partition: partition, key: key, headers: headers, value: value)
    }

    // MARK: - Members

    private static func optionalString(_ text: UnsafeBufferPointer<UInt8>, member: String) throws(RecordLineError) -> String? {
        switch text.first {
        case UInt8(ascii: "n"): return nil
        case UInt8(ascii: "\""): return String(decoding: try stringBytes(text, member: member), as: UTF8.self)
        default: throw RecordLineError("'\(member)' must be a string")
        }
    }

    private static func optionalInteger(_ text: UnsafeBufferPointer<UInt8>, member: String, max: Int64) throws(RecordLineError) -> Int64? {
        if text.first == UInt8(ascii: "n") { return nil }
        guard let value = Int64(String(decoding: text, as: UTF8.self)), value >= 0, value <= max else {
            throw RecordLineError("'\(member)' must be a whole number from 0 to \(max), not \(excerpt(text))")
        }
        return value
    }

    private static func offset(_ text: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> Offset? {
        switch text.first {
        case UInt8(ascii: "n"): return nil
        case UInt8(ascii: "\""):
            // Redis entry ids are strings: "1716123456789-0".
            let id = String(decoding: try stringBytes(text, member: "offset"), as: UTF8.self)
            guard let offset = Offset(parsing: Substring(id)) else { throw RecordLineError("'offset' \(excerpt(text)) is neither a number nor a Redis id") }
            return offset
        default:
            guard let offset = Offset(parsing: Substring(String(decoding: text, as: UTF8.self))) else {
                throw RecordLineError("'offset' must be a whole number ≥ 0 or a Redis id, not \(excerpt(text))")
            }
            return offset
        }
    }

    /// A key, value or header value: see the type's comment.
    private static func bytes(_ text: UnsafeBufferPointer<UInt8>, member: String) throws(RecordLineError) -> [UInt8]? {
        switch text.first {
        case UInt8(ascii: "n"):
            return nil
        case UInt8(ascii: "\""):
            return try stringBytes(text, member: member)
        case UInt8(ascii: "{"):
            let inner = try objectMembers(text, member: member)
            guard inner.count == 1, inner[0].name == "base64" else { return JSONParser.compactText(text) }
            let encoded = UnsafeBufferPointer(rebasing: text[inner[0].value])
            guard encoded.first == UInt8(ascii: "\""),
                  let decoded = Base64.decode(String(decoding: try stringBytes(encoded, member: member), as: UTF8.self)) else {
                throw RecordLineError("'\(member)': base64 must be a string of standard base64")
            }
            return decoded
        default:
            return JSONParser.compactText(text)
        }
    }

    /// `[[name, value], …]` as tail prints them, or `{"name": value, …}` as people write them.
    private static func headers(_ text: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> [Header] {
        switch text.first {
        case UInt8(ascii: "n"):
            return []
        case UInt8(ascii: "{"):
            var headers: [Header] = []
            for member in try objectMembers(text, member: "headers") {
                headers.append(Header(name: member.name, value: try bytes(UnsafeBufferPointer(rebasing: text[member.value]), member: "headers")))
            }
            return headers
        case UInt8(ascii: "["):
            var headers: [Header] = []
            for pair in try arrayElements(text) {
                let pairText = UnsafeBufferPointer(rebasing: text[pair])
                let parts = try arrayElements(pairText)
                guard pairText.first == UInt8(ascii: "["), parts.count == 2 else {
                    throw RecordLineError("'headers' must hold [name, value] pairs, not \(excerpt(pairText))")
                }
                let nameText = UnsafeBufferPointer(rebasing: pairText[parts[0]])
                guard nameText.first == UInt8(ascii: "\"") else { throw RecordLineError("a header's name must be a string, not \(excerpt(nameText))") }
                let name = String(decoding: try stringBytes(nameText, member: "headers"), as: UTF8.self)
                headers.append(Header(name: name, value: try bytes(UnsafeBufferPointer(rebasing: pairText[parts[1]]), member: "headers")))
            }
            return headers
        default:
            throw RecordLineError("'headers' must be a list of [name, value] pairs or an object, not \(excerpt(text))")
        }
    }

    // MARK: - Walking validated JSON

    private static func stringBytes(_ text: UnsafeBufferPointer<UInt8>, member: String) throws(RecordLineError) -> [UInt8] {
        do {
            return try JSONParser.stringBytes(text)
        } catch {
            throw RecordLineError("'\(member)': \(error.reason)")
        }
    }

    private static func objectMembers(_ text: UnsafeBufferPointer<UInt8>, member: String) throws(RecordLineError) -> [JSONParser.MemberSpan] {
        do {
            return try JSONParser.memberSpans(ofObject: text)
        } catch {
            throw RecordLineError("'\(member)': \(error)")
        }
    }

    /// The spans of a validated array's elements, relative to `text`. Elements are walked as
    /// the values of a synthetic object would be: each is one JSON value between commas.
    private static func arrayElements(_ text: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> [Range<Int>] {
        guard text.first == UInt8(ascii: "[") else { return [] }
        do {
            return try JSONParser.elementSpans(ofArray: text)
        } catch {
            throw RecordLineError("'headers': \(error)")
        }
    }

    /// At most 40 characters of a value, escaped, for an error line.
    private static func excerpt(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let shown = String(decoding: text.prefix(40), as: UTF8.self)
        return TerminalText.escaped(text.count > 40 ? shown + "…" : shown)
    }
}

/// Why a line is not a record line.
public struct RecordLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
