import EvmonModel
import EvmonDeadLetters
import EvmonSchemas

/// Every field of one message as styled lines: coordinates, key, headers (DLQ headers decoded,
/// binary ones in hex, stack traces folded), and the value pretty-printed as JSON, as text, or
/// as a hex dump.
///
/// Built once when a message is opened; bounded whatever the message's size.
public struct DetailDocument: Sendable, Equatable {
    public var lines: [StyledLine]

    /// Values larger than this are shown in part.
    public static let maximumValueBytes = 256 * 1024
    /// Binary values are dumped up to this many bytes.
    public static let maximumHexBytes = 4096

    /// Stack-trace lines shown when unfolded; a trace longer than this is cut.
    public static let maximumTraceLines = 2_000

    /// - Parameters:
    ///   - deadLetter: what was recognised when the record is a dead letter: the document then
    ///     explains the failure and splits the DLQ's own headers from the original ones.
    ///   - unfoldsStackTraces: show stack-trace headers whole rather than their first line.
    public init(record: Record, deadLetter: DeadLetterEntry? = nil, unfoldsStackTraces: Bool = false, utcOffsetSeconds: Int = 0) {
        let headerLines = { (header: Header) in DetailDocument.headerLines(header, unfolded: unfoldsStackTraces) }
        var lines: [StyledLine] = []
        func field(_ label: String, _ value: [TextSpan]) {
            lines.append([TextSpan(label.padded(to: 11), .label)] + value)
        }
        field("topic", [TextSpan(record.topic)])
        field("partition", [TextSpan(String(record.partition))])
        field("offset", [TextSpan(record.offset.description)])
        field("timestamp", [
            TextSpan(Timestamps.iso8601(record.timestamp)), TextSpan("  (\(record.timestamp) ms)", .dim),
        ])
        if let key = record.decoding?.key, let json = key.json {
            field("key", DetailDocument.inline(json) + [TextSpan("  (\(key.schema.summary))", .dim)])
        } else {
            field("key", DetailDocument.inline(record.key))
        }
        if let key = record.decoding?.key, let failure = key.failure { field("key schema", [TextSpan(failure, .error)]) }
        let valueSize = record.value.map { ByteCount.describe($0.count) } ?? "null"
        field("size", [TextSpan("value \(valueSize), key \(record.key.map { ByteCount.describe($0.count) } ?? "null")", .dim)])
        if let deadLetter {
            field("convention", [TextSpan(deadLetter.convention)])
            field("origin", [TextSpan(deadLetter.originDescription, deadLetter.originalTopic == nil ? .warn : .text)])
            field("reason", [TextSpan(deadLetter.reason ?? "no reason given", .error)])
            if let exception = deadLetter.exception { field("exception", [TextSpan(exception)]) }
            let owned = record.headers.filter { DeadLetterHeaders.isOwned($0.name) }
            let original = DeadLetterHeaders.originalHeaders(of: record.headers)
            lines.append([TextSpan("dead-letter headers (\(owned.count))", .label)])
            for header in owned { lines += headerLines(header) }
            lines.append([TextSpan("original headers (\(original.count))", .label)])
            for header in original { lines += headerLines(header) }
        } else {
            lines.append([TextSpan("headers (\(record.headers.count))", .label)])
            for header in record.headers { lines += headerLines(header) }
        }
        if let decoded = record.decoding?.value {
            field("schema", [TextSpan(decoded.schema.summary)])
            if let failure = decoded.failure { field("", [TextSpan(failure, .error)]) }
        }
        lines.append([])
        lines += DetailDocument.valueLines(record.value, decoded: record.decoding?.value)
        self.lines = lines
    }

    /// A short value shown inline: text when it is printable UTF-8, hex otherwise.
    static func inline(_ bytes: [UInt8]?) -> [TextSpan] {
        guard let bytes else { return [TextSpan("null", .dim)] }
        if bytes.isEmpty { return [TextSpan("(empty)", .dim)] }
        let shown = Array(bytes.prefix(512))
        // Text only when it reads as text: control bytes other than tab and newlines mean binary.
        let looksBinary = shown.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
        if !looksBinary, let text = String(validating: shown, as: UTF8.self) {
            return [TextSpan(text)] + (bytes.count > shown.count ? [TextSpan(" …", .dim)] : [])
        }
        return [TextSpan(shown.prefix(64).map(ByteCount.hex).joined(separator: " "), .hex)]
            + (bytes.count > 64 ? [TextSpan(" … \(ByteCount.describe(bytes.count))", .dim)] : [])
    }

    static func headerLines(_ header: Header, unfolded: Bool = false) -> [StyledLine] {
        let name = TextSpan("  " + header.name + "  ", .jsonKey)
        guard let value = header.value else { return [[name, TextSpan("null", .dim)]] }
        if DeadLetterConvention.binaryHeaderNames.contains(header.name),
            let number = DeadLetterRecognizer.bigEndianInteger(value) {
            let decoded = header.name.hasSuffix("timestamp") ? "\(number) (\(Timestamps.iso8601(number)))" : String(number)
            return [[name, TextSpan(decoded), TextSpan("  (binary)", .dim)]]
        }
        if header.name.hasSuffix("stacktrace"), let text = String(validating: value, as: UTF8.self) {
            let traceLines = text.split(separator: "\n", omittingEmptySubsequences: true)
            guard unfolded else {
                let folded = traceLines.count > 1 ? [TextSpan("  (+\(traceLines.count - 1) lines folded; enter unfolds)", .dim)] : []
                return [[name, TextSpan(String(traceLines.first ?? ""))] + folded]
            }
            let shown = traceLines.prefix(maximumTraceLines)
            let cut = traceLines.count > shown.count ? [[TextSpan("      … \(traceLines.count - shown.count) more lines", .dim)]] : []
            return [[name, TextSpan(String(shown.first ?? ""))]] + shown.dropFirst().map { [TextSpan("      " + $0.replacingTabs)] } + cut
        }
        return [[name] + inline(value)]
    }

    /// The value: its decoded JSON when a schema decoded it, else the bytes as JSON, text or hex.
    static func valueLines(_ value: [UInt8]?, decoded: DecodedPart? = nil) -> [StyledLine] {
        if let decoded, let json = decoded.json, json.count <= maximumValueBytes, let pretty = PrettyJSON.lines(for: json) {
            return [[TextSpan("value (\(decoded.schema.kind?.rawValue ?? "schema"), decoded)", .label)]] + pretty
        }
        guard let value else { return [[TextSpan("value  ", .label), TextSpan("null", .dim)]] }
        let shown = Array(value.prefix(maximumValueBytes))
        let cut = value.count > shown.count ? [[TextSpan("… \(ByteCount.describe(value.count - shown.count)) more not shown", .dim)]] : []
        if value.count <= maximumValueBytes, let json = PrettyJSON.lines(for: shown) {
            return [[TextSpan("value (JSON)", .label)]] + json
        }
        if let text = String(validating: shown, as: UTF8.self) {
            let textLines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(5_000)
            return [[TextSpan("value (text)", .label)]] + textLines.map { [TextSpan(String($0))] } + cut
        }
        // Binary that reads wholly as protobuf, shown as protoc --decode_raw would (no schema:
        // field numbers for names), above the bytes themselves.
        if value.count <= maximumValueBytes, let raw = try? ProtobufRawDecoder.json(value), let pretty = PrettyJSON.lines(for: raw) {
            return [[TextSpan("value (binary, \(ByteCount.describe(value.count)); as protobuf without a schema, by field number)", .label)]] + pretty
                + [[]] + hexDump(value)
        }
        return [[TextSpan("value (binary, \(ByteCount.describe(value.count)))", .label)]] + hexDump(value)
    }

    /// `0000  7b 22 61 …  {"a…` lines, 16 bytes each, up to `maximumHexBytes`.
    static func hexDump(_ bytes: [UInt8]) -> [StyledLine] {
        var lines: [StyledLine] = []
        let shown = bytes.prefix(maximumHexBytes)
        for start in stride(from: 0, to: shown.count, by: 16) {
            let chunk = shown[start..<min(start + 16, shown.count)]
            let hex = chunk.map(ByteCount.hex).joined(separator: " ").padded(to: 47)
            let ascii = String(chunk.map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "." })
            lines.append([
                TextSpan(String(start, radix: 16).leftPadded(to: 4, with: "0"), .dim),
                TextSpan("  " + hex + "  ", .hex), TextSpan(ascii),
            ])
        }
        if bytes.count > shown.count {
            lines.append([TextSpan("… \(ByteCount.describe(bytes.count - shown.count)) more", .dim)])
        }
        return lines
    }
}

/// Byte sizes and hex for people.
public enum ByteCount {
    /// `512 B`, `4.0 KB`, `10.0 MB`.
    public static func describe(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { return String(format1: Double(count) / 1024) + " KB" }
        return String(format1: Double(count) / (1024 * 1024)) + " MB"
    }

    /// Two lowercase hex digits.
    public static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

extension String {
    /// One decimal place without Foundation: `4.0`, `12.5`.
    public init(format1 value: Double) {
        // Any Double may arrive (rates from a broker's counts): only tenths that fit an Int are counted.
        guard let tenths = Int64(wholeNumber: (value * 10).rounded()) else {
            self = value.isFinite ? String(value) : "?"
            return
        }
        self = (tenths < 0 ? "-" : "") + "\(tenths.clampedMagnitude / 10).\(tenths.clampedMagnitude % 10)"
    }
}

extension String {
    /// The string with spaces added on the right up to `width` characters.
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// The string with `pad` added on the left up to `width` characters.
    public func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Substring {
    /// Java stack traces indent frames with tabs, which the grid would show escaped.
    fileprivate var replacingTabs: String {
        String(flatMap { $0 == "\t" ? Array("    ") : [$0] })
    }
}
