import EvmonModel

/// kcat's `-J` line: `{"topic","partition","offset","tstype","ts","broker","headers","key","payload"}`,
/// the fields and order kcat 1.7 writes, so that scripts reading `kcat -J` read `evmon tail -J`.
///
/// Differences kcat users may meet: `tstype` is always `create` (adapters do not report the
/// timestamp type), `broker` is always -1 (kcat's "unknown"), and a key, payload or header value
/// that is not valid UTF-8 is `{"base64":"…"}` where kcat would write invalid JSON.
public enum KcatEnvelope {
    /// Appends one record as kcat's JSON envelope followed by a newline.
    public static func appendLine(_ record: Record, to output: inout [UInt8]) {
        output.append(literal: #"{"topic":"#)
        JSONOutput.appendString(record.topic, to: &output)
        RecordJSON.appendPartitionAndOffset(of: record, to: &output)
        output.append(literal: #","tstype":"create","ts":"#)
        output.append(decimal: record.timestamp)
        output.append(literal: #","broker":-1"#)
        // kcat writes headers only when the message has some, as a flat [name, value, …] list.
        if !record.headers.isEmpty {
            output.append(literal: #","headers":["#)
            for (index, header) in record.headers.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONOutput.appendString(header.name, to: &output)
                output.append(UInt8(ascii: ","))
                JSONOutput.appendBytes(header.value, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
        output.append(literal: #","key":"#)
        JSONOutput.appendBytes(record.key, to: &output)
        output.append(literal: #","payload":"#)
        JSONOutput.appendBytes(record.value, to: &output)
        output.append(literal: "}\n")
    }
}
