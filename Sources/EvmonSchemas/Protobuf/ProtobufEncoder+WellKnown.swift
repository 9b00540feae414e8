import EvmonJSON
import EvmonModel

/// The well-known types from their JSON forms, the decoder's inverse: RFC 3339 timestamps,
/// `"1.5s"` durations, bare wrapper values, any JSON for Struct, Value and ListValue,
/// comma-joined FieldMask paths, Any with `"@type"`.
extension ProtobufEncoder {
    mutating func wellKnown(_ known: ProtoWellKnown, _ json: JSONValue, _ message: ProtoMessage, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        switch known {
        case .timestamp:
            guard case .string(let text) = json, let (seconds, nanos) = Self.timestamp(text) else {
                throw fault(path, "expected an RFC 3339 timestamp (\"1972-01-01T10:00:20.021Z\"), got \(Self.describe(json))")
            }
            guard ProtobufDecoder.secondsRange.contains(seconds) else { throw fault(path, "\(Self.describe(json)) is outside years 1 to 9999") }
            Self.secondsAndNanos(seconds, nanos, into: &output)
        case .duration:
            guard case .string(let text) = json, let (seconds, nanos) = Self.duration(text), ProtobufDecoder.durationRange.contains(seconds) else {
                throw fault(path, "expected a duration (\"1.5s\"), got \(Self.describe(json))")
            }
            Self.secondsAndNanos(seconds, nanos, into: &output)
        case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue, .bytesValue:
            var body: [UInt8] = []
            try bare(json, message.fields[0].type, path: path, into: &body)
            if !ProtoWriter.isDefault(body) {
                ProtoWriter.tag(1, message.fields[0].wireType, into: &output)
                output.append(contentsOf: body)
            }
        case .empty:
            guard case .object(let members) = json, members.isEmpty else { throw fault(path, "expected {} for google.protobuf.Empty, got \(Self.describe(json))") }
        case .fieldMask:
            guard case .string(let text) = json else { throw fault(path, "expected comma-separated paths, got \(Self.describe(json))") }
            // Empty paths kept (`",x"` is two paths), so what the decoder joined splits back the same.
            for path in text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false) {
                var snake = ""
                for character in path {
                    // ASCII only: the decoder's camelCase changes nothing else.
                    if character.isASCII, character.isUppercase {
                        snake += "_" + character.lowercased()
                    } else {
                        snake.append(character)
                    }
                }
                ProtoWriter.tag(1, 2, into: &output)
                ProtoWriter.delimited(Array(snake.utf8), into: &output)
            }
        case .structure:
            guard case .object = json else { throw fault(path, "expected an object for google.protobuf.Struct, got \(Self.describe(json))") }
            try fields([JSONMember(name: "fields", value: json)], message, path: String(path), into: &output)
        case .listValue:
            guard case .array = json else { throw fault(path, "expected an array for google.protobuf.ListValue, got \(Self.describe(json))") }
            try fields([JSONMember(name: "values", value: json)], message, path: path, into: &output)
        case .value:
            let member: String
            switch json {
            case .null: member = "null_value"
            case .number: member = "number_value"
            case .string: member = "string_value"
            case .bool: member = "bool_value"
            case .object: member = "struct_value"
            case .array: member = "list_value"
            }
            try fields([JSONMember(name: member, value: json)], message, path: path, into: &output)
        case .any:
            try any(json, message, path: path, into: &output)
        }
    }

    private mutating func any(_ json: JSONValue, _ message: ProtoMessage, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        guard case .object(let members) = json else { throw fault(path, "expected an object for google.protobuf.Any, got \(Self.describe(json))") }
        guard !members.isEmpty else { return }
        guard case .string(let url)? = json[member: "@type"] else { throw fault(path + ".@type", "an Any needs its type URL as a string") }
        let name = url.lastIndex(of: "/").map { String(url[url.index(after: $0)...]) } ?? url
        var body: [UInt8] = []
        let rest = members.filter { $0.name != "@type" }
        if let target = schema.message(named: name), !name.isEmpty {
            if target.wellKnown != nil {
                guard let value = json[member: "value"] else { throw fault(path + ".value", "an Any of \(name) needs its value") }
                try self.message(value, target, path: path + ".value", into: &body)
            } else {
                depth += 1
                defer { depth -= 1 }
                try fields(rest, target, path: path, into: &body)
            }
        } else {
            // A type the schema lacks: the decoder wrote its bytes as base64, read them back.
            guard rest.count == 1, case .string(let text)? = json[member: "value"], let bytes = Base64.decode(text) else {
                throw fault(path, "the schema has no type \(name) for this Any, so only {\"@type\", \"value\": base64} can be encoded")
            }
            body = bytes
        }
        ProtoWriter.tag(1, 2, into: &output)
        ProtoWriter.delimited(Array(url.utf8), into: &output)
        if !body.isEmpty {
            ProtoWriter.tag(2, 2, into: &output)
            ProtoWriter.delimited(body, into: &output)
        }
    }

    private static func secondsAndNanos(_ seconds: Int64, _ nanos: Int32, into output: inout [UInt8]) {
        if seconds != 0 {
            ProtoWriter.tag(1, 0, into: &output)
            ProtoWriter.varint(UInt64(bitPattern: seconds), into: &output)
        }
        if nanos != 0 {
            ProtoWriter.tag(2, 0, into: &output)
            ProtoWriter.varint(UInt64(bitPattern: Int64(nanos)), into: &output)
        }
    }

    /// `"1972-01-01T10:00:20.021Z"` or with an offset (`+01:00`): seconds since the epoch and nanos.
    static func timestamp(_ text: String) -> (Int64, Int32)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = number(8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"), let hour = number(11, 2),
            bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"), let second = number(17, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month, year), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanos = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        var offset = 0
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            guard let hours = number(index + 1, 2), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"), let minutes = number(index + 4, 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset), Int32(nanos))
    }

    /// `"-1.000340012s"`: seconds and nanos, both carrying the sign.
    static func duration(_ text: String) -> (Int64, Int32)? {
        guard text.hasSuffix("s") else { return nil }
        var body = Substring(text.dropLast())
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber), let seconds = Int64(whole) else { return nil }
        var nanos: Int32 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int32(fraction) else { return nil }
            nanos = value
            for _ in fraction.count..<9 { nanos *= 10 }
        }
        return negative ? (-seconds, -nanos) : (seconds, nanos)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
