import EvmonModel

/// The `tail --format json` line of docs/CLI.md:
/// `{"topic","partition","offset","timestamp","key","headers","value"}`, and when a schema read
/// the value, `"decoded"` (its JSON) and `"schema"` (which schema, or why it could not be read);
/// `"key_decoded"` and `"key_schema"` the same for the key. `value` stays the exact bytes.
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
        if let decoding = record.decoding {
            if let key = decoding.key { appendDecoded(key, prefix: "key_", to: &output) }
            if let value = decoding.value { appendDecoded(value, prefix: "", to: &output) }
        }
        output.append(literal: "}\n")
    }

    /// `,"decoded":JSON,"schema":{"id":12,"type":"AVRO","subject":"orders-value","version":3}`;
    /// a part that could not be decoded has no `decoded` and an `"error"` in its schema.
    public static func appendDecoded(_ part: DecodedPart, prefix: String, to output: inout [UInt8]) {
        if let json = part.json {
            output.append(contentsOf: ",\"\(prefix)decoded\":".utf8)
            // The decoders write compact, valid JSON; the tail's line stays one line.
            output.append(contentsOf: json)
        }
        output.append(contentsOf: ",\"\(prefix)schema\":{".utf8)
        var first = true
        func member(_ name: String, _ write: (inout [UInt8]) -> Void) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONOutput.appendString(name, to: &output)
            output.append(UInt8(ascii: ":"))
            write(&output)
        }
        let schema = part.schema
        if let id = schema.id { member("id") { $0.append(decimal: Int64(id)) } }
        if let kind = schema.kind { member("type") { JSONOutput.appendString(kind.rawValue, to: &$0) } }
        if let subject = schema.subject { member("subject") { JSONOutput.appendString(subject, to: &$0) } }
        if let version = schema.version { member("version") { $0.append(decimal: Int64(version)) } }
        if let file = schema.file { member("file") { JSONOutput.appendString(file, to: &$0) } }
        if let message = schema.messageName { member("message") { JSONOutput.appendString(message, to: &$0) } }
        if let failure = part.failure { member("error") { JSONOutput.appendString(failure, to: &$0) } }
        output.append(UInt8(ascii: "}"))
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
