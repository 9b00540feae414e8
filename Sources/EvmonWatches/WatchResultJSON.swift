import EvmonJSON

/// `evmon check --format json`: one object per watch (docs/CLI.md):
/// `{"name","kind","status","evaluated","failures","firstFailure"}`, where `firstFailure` is
/// `null` or `{"topic","partition","offset","key","why"}`.
public enum WatchResultJSON {
    /// Appends one line for `result`; `pendingFails` reports pending as fail (`--pending fail`).
    public static func appendLine(_ result: WatchResult, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"name":"#.utf8)
        JSONOutput.appendString(result.name, to: &output)
        output.append(contentsOf: #","kind":"#.utf8)
        JSONOutput.appendString(result.kind, to: &output)
        output.append(contentsOf: #","status":"#.utf8)
        JSONOutput.appendString(result.status.rawValue, to: &output)
        output.append(contentsOf: #","evaluated":"#.utf8)
        output.append(decimal: Int64(result.evaluated))
        output.append(contentsOf: #","failures":"#.utf8)
        output.append(decimal: Int64(result.failures))
        output.append(contentsOf: #","firstFailure":"#.utf8)
        if let violation = result.firstFailure {
            appendViolation(violation, to: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: "}\n".utf8)
    }

    /// `{"topic","partition","offset","key","why"}`; coordinates a failure lacks are `null`.
    public static func appendViolation(_ violation: Violation, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"topic":"#.utf8)
        if let topic = violation.topic { JSONOutput.appendString(topic, to: &output) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","partition":"#.utf8)
        if let partition = violation.partition { output.append(decimal: Int64(partition)) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","offset":"#.utf8)
        if let offset = violation.offset { RecordJSON.appendOffset(offset, to: &output) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","key":"#.utf8)
        JSONOutput.appendBytes(violation.key, to: &output)
        output.append(contentsOf: #","why":"#.utf8)
        JSONOutput.appendString(violation.why, to: &output)
        output.append(UInt8(ascii: "}"))
    }
}
