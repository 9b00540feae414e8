import EvmonModel
import EvmonJSON

/// The `dlq list --format json` line of docs/CLI.md:
/// `{"dlqTopic","partition","offset","timestamp","key","value","headers","originalTopic",
/// "originalPartition","originalOffset","reason","exception","convention","replayed"}`.
public enum DeadLetterJSON {
    /// Appends one dead letter as a JSON object followed by a newline.
    public static func appendLine(_ record: Record, entry: DeadLetterEntry, replayed: Bool, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"dlqTopic":"#.utf8)
        JSONOutput.appendString(record.topic, to: &output)
        RecordJSON.appendPartitionAndOffset(of: record, to: &output)
        output.append(contentsOf: #","timestamp":"#.utf8)
        output.append(decimal: record.timestamp)
        output.append(contentsOf: #","key":"#.utf8)
        JSONOutput.appendBytes(record.key, to: &output)
        output.append(contentsOf: #","value":"#.utf8)
        JSONOutput.appendBytes(record.value, to: &output)
        output.append(contentsOf: #","headers":"#.utf8)
        RecordJSON.appendHeaders(record.headers, to: &output)
        output.append(contentsOf: #","originalTopic":"#.utf8)
        appendOptional(entry.originalTopic, to: &output)
        output.append(contentsOf: #","originalPartition":"#.utf8)
        output.append(optionalDecimal: entry.originalPartition.map(Int64.init))
        output.append(contentsOf: #","originalOffset":"#.utf8)
        if let originalOffset = entry.originalOffset {
            RecordJSON.appendOffset(originalOffset, to: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","reason":"#.utf8)
        appendOptional(entry.reason, to: &output)
        output.append(contentsOf: #","exception":"#.utf8)
        appendOptional(entry.exception, to: &output)
        output.append(contentsOf: #","convention":"#.utf8)
        JSONOutput.appendString(entry.convention, to: &output)
        output.append(contentsOf: #","replayed":"#.utf8)
        output.append(contentsOf: (replayed ? "true" : "false").utf8)
        output.append(contentsOf: "}\n".utf8)
    }

    private static func appendOptional(_ text: String?, to output: inout [UInt8]) {
        if let text { JSONOutput.appendString(text, to: &output) } else { output.append(contentsOf: "null".utf8) }
    }
}
