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
    /// Members a line may have: the message's own, then what tail prints beside it and produce
    /// skips (`deltaMs`, and what a schema decoded).
    public static let memberNames = [
        "topic", "partition", "offset", "timestamp", "key", "headers", "value", "deltaMs", "decoded", "schema", "key_decoded", "key_schema",
    ]

    /// Where a line's message is (topic, partition, offset, time), its key, headers and value
    /// validated but not decoded: what indexing a capture needs of every line.
    public static func coordinates(_ line: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> RecordLine {
        var reader = RecordLineReader(parser: JSONParser(bytes: line), coordinatesOnly: true)
        return try reader.line()
    }

    /// Decodes one line (without its newline). Errors say what is wrong in words a person
    /// fixing the file can act on.
    public static func decode(_ line: [UInt8]) throws(RecordLineError) -> RecordLine {
        try line.withUnsafeBufferPointer { (buffer) throws(RecordLineError) -> RecordLine in try decode(buffer) }
    }

    /// Decodes one line from a buffer, in one pass: strings are decoded where they are
    /// validated (produce reads a million lines a second through here).
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(RecordLineError) -> RecordLine {
        var reader = RecordLineReader(parser: JSONParser(bytes: line))
        return try reader.line()
    }

    /// The message this line asks to write to `topic`.
    public func outgoing(to topic: String) -> OutgoingMessage {
        OutgoingMessage(topic: topic, partition: partition, key: key, headers: headers, value: value)
    }

    /// At most 40 characters of a value, escaped, for an error line.
    static func excerpt(_ text: UnsafeBufferPointer<UInt8>) -> String {
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
