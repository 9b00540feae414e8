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
                Timestamps.iso8601(record.timestamp), "+" + milliseconds(row.sinceFirst), "+" + milliseconds(row.sincePrevious),
                "\(record.topic)/\(record.partition)@\(record.offset)", eventType(of: record) ?? "-",
                record.key.map { String(decoding: $0, as: UTF8.self) } ?? "-", row.link.description,
            ])
        }
        return table.lines
    }

    /// `1.234s` or `850ms`.
    static func milliseconds(_ value: Int64) -> String {
        value < 1_000 ? "\(value)ms" : "\(value / 1_000).\(String(value % 1_000).leftPadded(to: 3))s"
    }

    /// The value's `event_type` or `type` field, else such a header (`event-type`, `ce_type`, …).
    static func eventType(of record: Record) -> String? {
        if let value = record.value, case .object(let members) = try? JSONParser.parse(value) {
            for name in ["event_type", "type", "eventType"] {
                if let member = members.first(where: { $0.name == name }), case .string(let text) = member.value { return text }
            }
        }
        for name in ["event_type", "event-type", "type", "ce_type", "ce-type"] {
            if let header = record.headers.first(where: { $0.name == name }), let bytes = header.value { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
