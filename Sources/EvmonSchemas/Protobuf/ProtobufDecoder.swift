import EvmonJSON
import EvmonModel

/// Decodes Protobuf binary to JSON text by the canonical proto3 JSON mapping, as
/// `json_format.MessageToDict(m, always_print_fields_with_no_presence=True)` prints it: JSON
/// names, 64-bit integers as strings, bytes as base64, enums by name, maps as objects, the
/// well-known types in their own forms. Fields without presence print even at their default;
/// fields with it (messages, `optional`, proto2 fields, oneof members) only when on the wire.
///
/// Read as protobuf's own parsers read: unknown fields are skipped, a known field whose wire
/// type does not match is skipped as unknown (packed and unpacked repeated scalars both
/// accepted), the last value of a singular field wins and a singular message seen twice is
/// merged, a proto2 enum's unknown number is an unknown field.
///
/// Hostile input is an error saying what and at which byte, never a trap: every length is
/// checked against the bytes that remain, messages and groups nest at most `maximumDepth`
/// deep, and the values printed are bounded by the input's size.
public struct ProtobufDecoder {
    let wire: ProtoWire
    let schema: ProtoSchema
    var depth = 0
    /// Values this message may still print: defaults of empty messages cost no bytes, so a
    /// budget keeps a small input from printing without end.
    var valuesLeft: Int

    /// Messages and groups may nest this deep (protobuf's own default).
    public static let maximumDepth = 100

    /// One field's value as found on the wire: a varint or fixed value, or a range of bytes.
    struct Occurrence {
        var field: Int32
        var wire: UInt8
        var value: UInt64
        var range: Range<Int>
    }

    private init(_ bytes: UnsafeRawBufferPointer, schema: ProtoSchema) {
        wire = ProtoWire(bytes: bytes)
        self.schema = schema
        valuesLeft = 1_000_000 + 16 * bytes.count
    }

    /// `bytes`, one message of type `message`, as JSON text.
    public static func json(_ bytes: [UInt8], message: ProtoMessage, in schema: ProtoSchema) throws(ProtobufError) -> [UInt8] {
        let result = bytes.withUnsafeBytes { raw -> Result<[UInt8], ProtobufError> in
            Result { () throws(ProtobufError) -> [UInt8] in
                var decoder = ProtobufDecoder(raw, schema: schema)
                var output: [UInt8] = []
                output.reserveCapacity(raw.count * 2 + 16)
                try decoder.message(message, [0..<raw.count], into: &output)
                return output
            }
        }
        return try result.get()
    }

    // MARK: - Messages

    /// A message from one or more byte ranges: more than one when a singular message field
    /// came several times, which protobuf merges as if the ranges were one.
    mutating func message(_ message: ProtoMessage, _ segments: [Range<Int>], into output: inout [UInt8]) throws(ProtobufError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw wire.fault("messages nest deeper than \(Self.maximumDepth) levels", at: segments.first?.lowerBound ?? 0) }
        let occurrences = try scan(message, segments)
        if let known = message.wellKnown {
            try wellKnown(known, message, occurrences, segments, into: &output)
        } else {
            output.append(UInt8(ascii: "{"))
            var first = true
            try fields(message, occurrences, first: &first, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        depth -= 1
    }

    /// The known fields' values in `segments`, sorted by field then position (stable: later
    /// positions after earlier ones).
    func scan(_ message: ProtoMessage, _ segments: [Range<Int>]) throws(ProtobufError) -> [Occurrence] {
        var occurrences: [Occurrence] = []
        var sorted = true
        for segment in segments {
            var index = segment.lowerBound
            let end = segment.upperBound
            while index < end {
                let tagStart = index
                let (number, type) = try wire.tag(&index, end: end)
                var value: UInt64 = 0
                var range = index..<index
                switch type {
                case 0: value = try wire.varint(&index, end: end)
                case 1: value = try wire.fixed(&index, end: end, size: 8)
                case 5: value = try wire.fixed(&index, end: end, size: 4)
                case 2: range = try wire.delimited(&index, end: end)
                default: range = try wire.skip(type, number: number, &index, end: end, tagStart: tagStart) ?? range
                }
                guard let position = message.fieldPosition(number) else { continue }
                let field = message.fields[position]
                let expected = field.wireType
                guard type == expected || (type == 2 && field.isRepeated && expected != 2 && expected != 3) else { continue }
                if type == 0, case .enumeration(let id) = field.type, schema.enums[id].isClosed,
                    schema.enums[id].names[Int32(truncatingIfNeeded: value)] == nil
                {
                    continue
                }
                if let last = occurrences.last, last.field > Int32(position) { sorted = false }
                occurrences.append(Occurrence(field: Int32(position), wire: type, value: value, range: range))
            }
        }
        if !sorted {
            occurrences.sort { ($0.field, $0.range.lowerBound) < ($1.field, $1.range.lowerBound) }
        }
        return occurrences
    }

    /// Every field of `message` that prints, each as `"name":value`, after a comma unless `first`.
    mutating func fields(_ message: ProtoMessage, _ occurrences: [Occurrence], first: inout Bool, into output: inout [UInt8]) throws(ProtobufError) {
        // A oneof holds its member seen last; a message member merges only what came after the
        // other members' last appearance (setting another member cleared it).
        var winners: [(field: Int, last: Int, cutoff: Int)] = []
        if !message.oneofs.isEmpty {
            winners = Array(repeating: (-1, -1, -1), count: message.oneofs.count)
            var index = 0
            while index < occurrences.count {
                let field = Int(occurrences[index].field)
                while index + 1 < occurrences.count, occurrences[index + 1].field == Int32(field) { index += 1 }
                if let oneof = message.fields[field].oneof {
                    let last = occurrences[index].range.lowerBound
                    if last > winners[oneof].last {
                        winners[oneof] = (field, last, winners[oneof].last)
                    } else {
                        winners[oneof].cutoff = max(winners[oneof].cutoff, last)
                    }
                }
                index += 1
            }
        }
        var next = 0
        for (position, field) in message.fields.enumerated() {
            let start = next
            while next < occurrences.count, occurrences[next].field == Int32(position) { next += 1 }
            var found = occurrences[start..<next]
            if let oneof = field.oneof {
                guard winners[oneof].field == position else { continue }
                let cutoff = winners[oneof].cutoff
                found = found.drop(while: { $0.range.lowerBound < cutoff })
            }
            if found.isEmpty, field.hasPresence { continue }
            valuesLeft -= 1
            guard valuesLeft >= 0 else { throw wire.fault("the message would print too many values for its size", at: 0) }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: field.key)
            if field.isRepeated {
                try repeated(field, found, into: &output)
            } else if found.isEmpty {
                appendDefault(field.type, into: &output)
            } else {
                try singular(field.type, found, into: &output)
            }
        }
    }

    // MARK: - Values

    /// A singular value from its occurrences: the last wins, messages merge.
    mutating func singular(_ type: ProtoFieldType, _ found: ArraySlice<Occurrence>, into output: inout [UInt8]) throws(ProtobufError) {
        guard let last = found.last else {
            // An absent message (a map's value) is its default instance, printed with its defaults.
            if case .message(let id) = type { return try message(schema.messages[id], [], into: &output) }
            return appendDefault(type, into: &output)
        }
        switch type {
        case .message(let id):
            try message(schema.messages[id], found.map(\.range), into: &output)
        case .enumeration(let id):
            appendEnum(id, Int32(truncatingIfNeeded: last.value), into: &output)
        case .scalar(let scalar):
            try appendScalar(scalar, last.value, last.range, into: &output)
        }
    }

    mutating func repeated(_ field: ProtoField, _ found: ArraySlice<Occurrence>, into output: inout [UInt8]) throws(ProtobufError) {
        if case .message(let id) = field.type, schema.messages[id].isMapEntry {
            return try map(schema.messages[id], found, into: &output)
        }
        output.append(UInt8(ascii: "["))
        var first = true
        for occurrence in found {
            valuesLeft -= 1
            guard valuesLeft >= 0 else { throw wire.fault("the message would print too many values for its size", at: occurrence.range.lowerBound) }
            switch field.type {
            case .message(let id):
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                try message(schema.messages[id], [occurrence.range], into: &output)
            case .enumeration, .scalar:
                if occurrence.wire == 2, field.wireType != 2 {
                    try packed(field, occurrence.range, first: &first, into: &output)
                } else {
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    try singular(field.type, [occurrence], into: &output)
                }
            }
        }
        output.append(UInt8(ascii: "]"))
    }

    /// Packed scalars: values back to back in one length-delimited range.
    private mutating func packed(_ field: ProtoField, _ range: Range<Int>, first: inout Bool, into output: inout [UInt8]) throws(ProtobufError) {
        let type = field.wireType
        var index = range.lowerBound
        while index < range.upperBound {
            let start = index
            let value: UInt64
            switch type {
            case 0: value = try wire.varint(&index, end: range.upperBound)
            case 1: value = try wire.fixed(&index, end: range.upperBound, size: 8)
            default: value = try wire.fixed(&index, end: range.upperBound, size: 4)
            }
            if case .enumeration(let id) = field.type, schema.enums[id].isClosed, schema.enums[id].names[Int32(truncatingIfNeeded: value)] == nil {
                continue
            }
            valuesLeft -= 1
            guard valuesLeft >= 0 else { throw wire.fault("the message would print too many values for its size", at: start) }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            try singular(field.type, [Occurrence(field: 0, wire: type, value: value, range: start..<index)], into: &output)
        }
    }

    /// A map: each entry a message of key (1) and value (2); a key seen again replaces the
    /// earlier value where it stood.
    private mutating func map(_ entry: ProtoMessage, _ found: ArraySlice<Occurrence>, into output: inout [UInt8]) throws(ProtobufError) {
        var keys: [[UInt8]] = []
        var values: [[UInt8]] = []
        var positions: [[UInt8]: Int] = [:]
        depth += 1
        guard depth <= Self.maximumDepth else { throw wire.fault("messages nest deeper than \(Self.maximumDepth) levels", at: found.first?.range.lowerBound ?? 0) }
        for occurrence in found {
            valuesLeft -= 1
            guard valuesLeft >= 0 else { throw wire.fault("the message would print too many values for its size", at: occurrence.range.lowerBound) }
            let parts = try scan(entry, [occurrence.range])
            let keyEnd = parts.firstIndex { $0.field != 0 } ?? parts.endIndex
            var key: [UInt8] = []
            try mapKey(entry.fields[0].type, parts[..<keyEnd].last, into: &key)
            var value: [UInt8] = []
            try singular(entry.fields[1].type, parts[keyEnd...], into: &value)
            if let earlier = positions[key] {
                values[earlier] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
        depth -= 1
        output.append(UInt8(ascii: "{"))
        for index in keys.indices {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: keys[index])
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: values[index])
        }
        output.append(UInt8(ascii: "}"))
    }

    /// A map key as a JSON string: strings as they are, numbers and bools as their text.
    private func mapKey(_ type: ProtoFieldType, _ occurrence: Occurrence?, into output: inout [UInt8]) throws(ProtobufError) {
        guard case .scalar(let scalar) = type else { return }
        if scalar == .string {
            guard let occurrence else { return output.append(literal: #""""#) }
            return try appendScalar(.string, 0, occurrence.range, into: &output)
        }
        output.append(UInt8(ascii: "\""))
        var text: [UInt8] = []
        try appendScalar(scalar, occurrence?.value ?? 0, 0..<0, into: &text)
        output.append(contentsOf: text.filter { $0 != UInt8(ascii: "\"") })
        output.append(UInt8(ascii: "\""))
    }

    func appendEnum(_ id: Int, _ number: Int32, into output: inout [UInt8]) {
        let enumeration = schema.enums[id]
        if enumeration.isNullValue {
            output.append(literal: "null")
        } else if let name = enumeration.names[number] {
            JSONOutput.appendString(name, to: &output)
        } else {
            output.append(decimal: Int64(number))
        }
    }

    func appendScalar(_ scalar: ProtoScalar, _ value: UInt64, _ range: Range<Int>, into output: inout [UInt8]) throws(ProtobufError) {
        switch scalar {
        case .int32, .sfixed32: output.append(decimal: Int64(Int32(truncatingIfNeeded: value)))
        case .uint32, .fixed32: output.append(decimal: UInt64(UInt32(truncatingIfNeeded: value)))
        case .sint32:
            let raw = UInt32(truncatingIfNeeded: value)
            output.append(decimal: Int64(Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))))
        case .int64, .sfixed64: ProtoNumberText.appendQuoted(Int64(bitPattern: value), to: &output)
        case .uint64, .fixed64: ProtoNumberText.appendQuoted(value, to: &output)
        case .sint64: ProtoNumberText.appendQuoted(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))), to: &output)
        case .bool: output.append(literal: value != 0 ? "true" : "false")
        case .float: ProtoNumberText.append(Float(bitPattern: UInt32(truncatingIfNeeded: value)), to: &output)
        case .double: ProtoNumberText.append(Double(bitPattern: value), to: &output)
        case .bytes:
            output.append(UInt8(ascii: "\""))
            Base64.append(Array(UnsafeRawBufferPointer(rebasing: wire.bytes[range])), to: &output)
            output.append(UInt8(ascii: "\""))
        case .string:
            let raw = UnsafeRawBufferPointer(rebasing: wire.bytes[range])
            // JSON cannot hold one that is not UTF-8 (and proto3's own parsers refuse it).
            guard let text = String(validating: raw, as: UTF8.self) else {
                throw wire.fault("a string field that is not UTF-8", at: range.lowerBound)
            }
            JSONOutput.appendString(text, to: &output)
        }
    }

    /// A field's value when absent and without presence.
    func appendDefault(_ type: ProtoFieldType, into output: inout [UInt8]) {
        switch type {
        case .message: output.append(literal: "{}")
        case .enumeration(let id):
            let enumeration = schema.enums[id]
            appendEnum(id, enumeration.names[0] != nil ? 0 : enumeration.values.first?.number ?? 0, into: &output)
        case .scalar(let scalar):
            switch scalar {
            case .int64, .uint64, .sint64, .fixed64, .sfixed64: output.append(literal: #""0""#)
            case .bool: output.append(literal: "false")
            case .string, .bytes: output.append(literal: #""""#)
            default: output.append(UInt8(ascii: "0"))
            }
        }
    }
}
