import EvmonJSON
import EvmonModel

/// The well-known types' JSON: a Timestamp as RFC 3339 text, a Duration as `"1.5s"`, a
/// wrapper as its bare value, Struct, Value and ListValue as the JSON they hold, a FieldMask
/// as its paths joined by commas, an Any as its message with `"@type"` added.
extension ProtobufDecoder {
    /// Timestamps run from 0001-01-01 to 9999-12-31, as RFC 3339 can write them.
    static let secondsRange: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
    /// Durations reach ±10,000 years.
    static let durationRange: ClosedRange<Int64> = -315_576_000_000...315_576_000_000

    mutating func wellKnown(
        _ known: ProtoWellKnown, _ message: ProtoMessage, _ occurrences: [Occurrence], _ segments: [Range<Int>], into output: inout [UInt8]
    ) throws(ProtobufError) {
        func found(_ field: Int) -> ArraySlice<Occurrence> {
            let start = occurrences.firstIndex { $0.field == Int32(field) } ?? occurrences.endIndex
            let end = occurrences[start...].firstIndex { $0.field != Int32(field) } ?? occurrences.endIndex
            return occurrences[start..<end]
        }
        let at = segments.first?.lowerBound ?? 0
        switch known {
        case .timestamp, .duration:
            let seconds = Int64(bitPattern: found(0).last?.value ?? 0)
            let nanos = Int32(truncatingIfNeeded: found(1).last?.value ?? 0)
            if known == .timestamp {
                guard Self.secondsRange.contains(seconds), nanos >= 0, nanos <= 999_999_999 else {
                    throw wire.fault("a Timestamp of \(seconds)s \(nanos)ns, outside years 1 to 9999", at: at)
                }
                Self.appendTimestamp(seconds: seconds, nanos: nanos, to: &output)
            } else {
                guard Self.durationRange.contains(seconds), nanos.magnitude <= 999_999_999, seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0) else {
                    throw wire.fault("a Duration of \(seconds)s \(nanos)ns, out of range or with mixed signs", at: at)
                }
                Self.appendDuration(seconds: seconds, nanos: nanos, to: &output)
            }
        case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue, .bytesValue:
            try singular(message.fields[0].type, found(0), into: &output)
        case .empty:
            output.append(literal: "{}")
        case .fieldMask:
            output.append(UInt8(ascii: "\""))
            for (position, path) in found(0).enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                guard let text = String(validating: UnsafeRawBufferPointer(rebasing: wire.bytes[path.range]), as: UTF8.self) else {
                    throw wire.fault("a FieldMask path that is not UTF-8", at: path.range.lowerBound)
                }
                var escaped: [UInt8] = []
                JSONOutput.appendString(ProtoNames.camelCase(text, capitalizeFirst: false), to: &escaped)
                output.append(contentsOf: escaped.dropFirst().dropLast())
            }
            output.append(UInt8(ascii: "\""))
        case .structure, .listValue:
            try repeated(message.fields[0], found(0), into: &output)
        case .value:
            // The kind seen last wins; a struct or list merges only what came after the others.
            guard let winner = occurrences.max(by: { $0.range.lowerBound < $1.range.lowerBound }) else {
                return output.append(literal: "null")
            }
            let cutoff = occurrences.filter { $0.field != winner.field }.map(\.range.lowerBound).max() ?? -1
            let kind = found(Int(winner.field)).drop(while: { $0.range.lowerBound < cutoff })
            let field = message.fields[Int(winner.field)]
            if field.name == "number_value", !Double(bitPattern: winner.value).isFinite {
                throw wire.fault("a Value's number is NaN or infinite, which JSON cannot hold", at: winner.range.lowerBound)
            }
            try singular(field.type, kind, into: &output)
        case .any:
            try any(message, typeURL: found(0).last, value: found(1).last, into: &output)
        }
    }

    /// `{"@type": url, …fields}` when the schema knows the type, `{"@type": url, "value": …}`
    /// for a well-known type, else the value's bytes as base64 under `"value"`.
    private mutating func any(_ message: ProtoMessage, typeURL: Occurrence?, value: Occurrence?, into output: inout [UInt8]) throws(ProtobufError) {
        guard typeURL != nil || value != nil else { return output.append(literal: "{}") }
        let urlRange = typeURL?.range ?? 0..<0
        guard let url = String(validating: UnsafeRawBufferPointer(rebasing: wire.bytes[urlRange]), as: UTF8.self) else {
            throw wire.fault("an Any's type URL that is not UTF-8", at: urlRange.lowerBound)
        }
        let valueRange = value?.range ?? 0..<0
        output.append(literal: #"{"@type":"#)
        JSONOutput.appendString(url, to: &output)
        let name = url.lastIndex(of: "/").map { String(url[url.index(after: $0)...]) } ?? url
        guard let target = schema.message(named: name), !name.isEmpty else {
            output.append(literal: #","value":""#)
            Base64.append(Array(UnsafeRawBufferPointer(rebasing: wire.bytes[valueRange])), to: &output)
            output.append(literal: #""}"#)
            return
        }
        if target.wellKnown != nil {
            output.append(literal: #","value":"#)
            try self.message(target, [valueRange], into: &output)
        } else {
            depth += 1
            guard depth <= Self.maximumDepth else { throw wire.fault("messages nest deeper than \(Self.maximumDepth) levels", at: valueRange.lowerBound) }
            var first = false
            try fields(target, try scan(target, [valueRange]), first: &first, into: &output)
            depth -= 1
        }
        output.append(UInt8(ascii: "}"))
    }

    /// `"1972-01-01T10:00:20.021Z"`: 0, 3, 6 or 9 digits of fraction, as few as hold the nanos.
    static func appendTimestamp(seconds: Int64, nanos: Int32, to output: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Timestamps.civilDate(daysSinceEpoch: Int(days))
        output.append(UInt8(ascii: "\""))
        appendPadded(year, 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(month, 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(day, 2, to: &output)
        output.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, 2, to: &output)
        appendFraction(Int(nanos), to: &output)
        output.append(literal: #"Z""#)
    }

    /// `"-1.500s"`: the sign once, then seconds and the fraction's digits as for timestamps.
    static func appendDuration(seconds: Int64, nanos: Int32, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if seconds < 0 || nanos < 0 { output.append(UInt8(ascii: "-")) }
        output.append(decimal: seconds.magnitude)
        appendFraction(Int(nanos.magnitude), to: &output)
        output.append(literal: #"s""#)
    }

    private static func appendFraction(_ nanos: Int, to output: inout [UInt8]) {
        guard nanos != 0 else { return }
        output.append(UInt8(ascii: "."))
        if nanos % 1_000_000 == 0 {
            appendPadded(nanos / 1_000_000, 3, to: &output)
        } else if nanos % 1_000 == 0 {
            appendPadded(nanos / 1_000, 6, to: &output)
        } else {
            appendPadded(nanos, 9, to: &output)
        }
    }

    static func appendPadded(_ value: Int, _ width: Int, to output: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        output.append(contentsOf: digits.reversed())
    }
}
