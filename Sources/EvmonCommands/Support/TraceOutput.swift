import EvmonModel
import EvmonJSON
import EvmonTrace

/// How `evmon trace` prints a trace: a table, or tail's JSON lines with `deltaMs`.
enum TraceOutput {
    /// Tail's JSON object for the message, plus `deltaMs` (since the trace's first message).
    static func appendJSON(_ row: Trace.Row, to output: inout [UInt8]) {
        var line: [UInt8] = []
        RecordJSON.appendLine(row.record, to: &line)
        // `…}\n` → `…,"deltaMs":N}\n`
        line.removeLast(2)
        output.append(contentsOf: line)
        output.append(contentsOf: Array(#","deltaMs":"#.utf8))
        output.append(contentsOf: Array(String(row.sinceFirst).utf8))
        output.append(contentsOf: Array("}\n".utf8))
    }

    /// Time, distance from the first and from the previous message, place, event type, key and
    /// how the message joined.
    static func table(_ rows: [Trace.Row]) -> [String] {
        var table = Table(headers: ["TIME", "+FIRST", "+PREV", "MESSAGE", "TYPE", "KEY", "BY"], rightAligned: [1, 2])
        for row in rows {
            let record = row.record
            table.add([
                Timestamps.iso8601(record.timestamp), "+" + TraceText.distance(row.sinceFirst), "+" + TraceText.distance(row.sincePrevious),
                "\(record.topic)/\(record.partition)@\(record.offset)", row.eventType ?? "-",
                record.key.map { String(decoding: $0, as: UTF8.self) } ?? "-", row.link.description,
            ])
        }
        return table.lines
    }
}
