import EvmonModel

/// The `tail --format json` line of docs/CLI.md:
/// `{"topic","partition","offset","timestamp","key","headers","value"}`.
public enum RecordJSON {
    /// Appends one record as a JSON object followed by a newline.
    public static func appendLine(_ record: Record, to output: inout [UInt8]) {
        output.append(literal: #"{"topic":"#)
        JSONOutput.appendString(record.topic, to: &output)
        appendPartitionAndOffset(of: record, to: &output)
        output.append(literal: #","timestamp":"#)
        output.append(decimal: record.timestamp)
        output.append(literal: #","key":"#)
        JSONOutput.appendBytes(record.key, to: &output)
        output.append(literal: #","headers":"#)
        appendHeaders(record.headers, to: &output)
        output.append(literal: #","value":"#)
        JSONOutput.appendBytes(record.value, to: &output)
        output.append(literal: "}\n")
    }

    /// `,"partition":N,"offset":O`: what follows the topic in every line that names a record.
    public static func appendPartitionAndOffset(of record: Record, to output: inout [UInt8]) {
        output.append(literal: #","partition":"#)
        output.append(decimal: Int64(record.partition))
        output.append(literal: #","offset":"#)
        appendOffset(record.offset, to: &output)
    }

    /// Headers as a list of `[name, value]` pairs in wire order.
    public static func appendHeaders(_ headers: [Header], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, header) in headers.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "["))
            JSONOutput.appendString(header.name, to: &output)
            output.append(UInt8(ascii: ","))
            JSONOutput.appendBytes(header.value, to: &output)
            output.append(UInt8(ascii: "]"))
        }
        output.append(UInt8(ascii: "]"))
    }

    /// Offsets are JSON numbers, except Redis entry ids, which are strings (`"1716123456789-0"`).
    public static func appendOffset(_ offset: Offset, to output: inout [UInt8]) {
        if case .streamID = offset {
            output.append(UInt8(ascii: "\""))
            output.append(offset: offset)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(offset: offset)
        }
    }
}
