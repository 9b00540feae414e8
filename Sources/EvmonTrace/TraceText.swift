import EvmonModel
import EvmonJSON

/// How a trace's rows are worded, the same in `evmon trace` and in the TUI.
public enum TraceText {
    /// `850ms` or `1.234s`.
    public static func distance(_ milliseconds: Int64) -> String {
        guard milliseconds >= 1_000 else { return "\(milliseconds)ms" }
        let thousandths = String(milliseconds % 1_000)
        return "\(milliseconds / 1_000)." + String(repeating: "0", count: 3 - thousandths.count) + thousandths + "s"
    }

    /// The value's `event_type`, `type` or `eventType` field, else such a header (`event-type`,
    /// `ce_type`, …): what kind of event the message is, when it says.
    public static func eventType(of record: Record) -> String? {
        if let value = record.readableValue, case .object(let members) = try? JSONParser.parse(value) {
            for name in ["event_type", "type", "eventType"] {
                if let member = members.first(where: { $0.name == name }), case .string(let text) = member.value { return text }
            }
        }
        for name in ["event_type", "event-type", "type", "ce_type", "ce-type"] {
            if let header = record.headers.first(where: { $0.name == name }), let bytes = header.value { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    /// Rows whose distance from the one before is more than ten times the trace's median distance:
    /// where a transaction stalled. None for traces of fewer than three messages.
    public static func longGaps(in rows: [Trace.Row]) -> Set<Int> {
        guard rows.count >= 3 else { return [] }
        let distances = rows.dropFirst().map(\.sincePrevious).sorted()
        let median = max(1, distances[distances.count / 2])
        return Set(rows.indices.dropFirst().filter { rows[$0].sincePrevious / 10 > median })
    }
}
