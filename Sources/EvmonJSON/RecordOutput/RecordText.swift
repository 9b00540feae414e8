import EvmonModel

/// The `tail --format text` line, for people:
/// `2026-11-26T01:02:03.456Z orders/1@42 key=ord-000012 {"event_id":…}`.
///
/// Absent keys and values show as `(null)`; `headers=N` appears when there are headers.
/// Everything from the message is escaped for the terminal.
public enum RecordText {
    /// Appends one record and a newline.
    public static func appendLine(_ record: Record, to output: inout [UInt8]) {
        Timestamps.appendISO8601(record.timestamp, to: &output)
        output.append(UInt8(ascii: " "))
        TerminalText.append(record.topic, to: &output)
        output.append(UInt8(ascii: "/"))
        output.append(decimal: Int64(record.partition))
        output.append(UInt8(ascii: "@"))
        output.append(offset: record.offset)
        output.append(contentsOf: " key=".utf8)
        appendOrNull(record.key, to: &output)
        if !record.headers.isEmpty {
            output.append(contentsOf: " headers=".utf8)
            output.append(decimal: Int64(record.headers.count))
        }
        output.append(UInt8(ascii: " "))
        // The decoded JSON when a schema read the value: what people came to see.
        appendOrNull(record.readableValue, to: &output)
        if let failure = record.decoding?.value?.failure {
            output.append(contentsOf: " (schema: ".utf8)
            TerminalText.append(failure, to: &output)
            output.append(UInt8(ascii: ")"))
        }
        output.append(0x0A)
    }

    private static func appendOrNull(_ bytes: [UInt8]?, to output: inout [UInt8]) {
        if let bytes { TerminalText.append(bytes, to: &output) } else { output.append(contentsOf: "(null)".utf8) }
    }
}
