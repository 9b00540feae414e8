import EvmonJSON
import EvmonModel

/// Encodes JSON in the decoder's form (the proto3 JSON mapping) back to Protobuf binary, for a
/// message a user edited before producing it again: `decode(encode(decode(bytes)))` is
/// `decode(bytes)`.
///
/// Fields are written in field-number order, repeated scalars packed where the schema says,
/// fields without presence left out at their default (as protobuf writes them). Fields may be
/// named by their JSON name or their proto name; `null` means absent (for a
/// `google.protobuf.Value`, the JSON null). Integers may be numbers or strings, floats also
/// `"NaN"`, `"Infinity"` and `"-Infinity"`, enums names or numbers, bytes standard or URL-safe
/// base64. Anything that does not fit is refused with the path of the field
/// (`.items[2].price: expected a number, got "x"`).
public struct ProtobufEncoder {
    let schema: ProtoSchema
    var depth = 0

    /// `json` as one message of type `message`.
    public static func encode(_ json: JSONValue, message: ProtoMessage, in schema: ProtoSchema) throws(ProtobufError) -> [UInt8] {
        var encoder = ProtobufEncoder(schema: schema)
        var output: [UInt8] = []
        try encoder.message(json, message, path: "", into: &output)
        return output
    }

    /// JSON text as one message of type `message`.
    public static func encode(json text: [UInt8], message: ProtoMessage, in schema: ProtoSchema) throws(ProtobufError) -> [UInt8] {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw ProtobufError("not JSON: \(error)")
        }
        return try encode(json, message: message, in: schema)
    }

    func fault(_ path: String, _ what: String) -> ProtobufError {
        ProtobufError("\(path.isEmpty ? "." : path): \(what)")
    }

    /// A value as an error message quotes it: short.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .string(let text):
            var quoted: [UInt8] = []
            JSONOutput.appendString(text.count > 40 ? String(text.prefix(40)) + "…" : text, to: &quoted)
            return String(decoding: quoted, as: UTF8.self)
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: - Messages

    mutating func message(_ json: JSONValue, _ message: ProtoMessage, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        depth += 1
        guard depth <= ProtobufDecoder.maximumDepth else { throw fault(path, "nests deeper than \(ProtobufDecoder.maximumDepth) messages") }
        defer { depth -= 1 }
        if let known = message.wellKnown { return try wellKnown(known, json, message, path: path, into: &output) }
        guard case .object(let members) = json else { throw fault(path, "expected an object for \(message.fullName), got \(Self.describe(json))") }
        try fields(members, message, path: path, into: &output)
    }

    /// An object's members as `message`'s fields, in field-number order.
    mutating func fields(_ members: [JSONMember], _ message: ProtoMessage, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        var chosen: [(field: ProtoField, value: JSONValue, path: String)] = []
        var seen: Set<Int32> = []
        var oneofs: [Int: String] = [:]
        for member in members {
            let memberPath = path + "." + member.name
            guard let field = message.field(named: member.name) else { throw fault(memberPath, "\(message.fullName) has no such field") }
            guard seen.insert(field.number).inserted else { throw fault(memberPath, "given twice") }
            if case .null = member.value, field.isRepeated || !Self.holdsNull(field, schema) { continue }
            if let oneof = field.oneof {
                if let other = oneofs[oneof] { throw fault(memberPath, "oneof \(message.oneofs[oneof]) already holds \(other)") }
                oneofs[oneof] = member.name
            }
            chosen.append((field, member.value, memberPath))
        }
        chosen.sort { $0.field.number < $1.field.number }
        for (field, value, fieldPath) in chosen {
            if field.isRepeated {
                try repeated(value, field, path: fieldPath, into: &output)
            } else {
                try singular(value, field, path: fieldPath, skipDefault: !field.hasPresence, into: &output)
            }
        }
    }

    /// Whether `null` is a value of this field rather than its absence.
    static func holdsNull(_ field: ProtoField, _ schema: ProtoSchema) -> Bool {
        switch field.type {
        case .message(let id): return schema.messages[id].wellKnown == .value
        case .enumeration(let id): return schema.enums[id].isNullValue
        case .scalar: return false
        }
    }

    private mutating func repeated(_ json: JSONValue, _ field: ProtoField, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        if case .message(let id) = field.type, schema.messages[id].isMapEntry {
            guard case .object(let members) = json else { throw fault(path, "expected an object (a map), got \(Self.describe(json))") }
            let entry = schema.messages[id]
            for member in members {
                let entryPath = path + "[" + Self.describe(.string(member.name)) + "]"
                var body: [UInt8] = []
                try mapKey(member.name, entry.fields[0], path: entryPath, into: &body)
                guard member.value != .null || Self.holdsNull(entry.fields[1], schema) else { throw fault(entryPath, "a map value cannot be null") }
                try singular(member.value, entry.fields[1], path: entryPath, skipDefault: false, into: &body)
                ProtoWriter.tag(field.number, 2, into: &output)
                ProtoWriter.delimited(body, into: &output)
            }
            return
        }
        guard case .array(let elements) = json else { throw fault(path, "expected an array, got \(Self.describe(json))") }
        if field.isPacked {
            guard !elements.isEmpty else { return }
            var body: [UInt8] = []
            for (position, element) in elements.enumerated() {
                try bare(element, field.type, path: path + "[\(position)]", into: &body)
            }
            ProtoWriter.tag(field.number, 2, into: &output)
            ProtoWriter.delimited(body, into: &output)
            return
        }
        for (position, element) in elements.enumerated() {
            let elementPath = path + "[\(position)]"
            guard element != .null || Self.holdsNull(field, schema) else { throw fault(elementPath, "null cannot be an element of a list") }
            try singular(element, field, path: elementPath, skipDefault: false, into: &output)
        }
    }

    /// Tag and value; nothing for a field without presence at its default.
    private mutating func singular(_ json: JSONValue, _ field: ProtoField, path: String, skipDefault: Bool, into output: inout [UInt8]) throws(ProtobufError) {
        if case .message(let id) = field.type {
            var body: [UInt8] = []
            try message(json, schema.messages[id], path: path, into: &body)
            if field.isGroup {
                ProtoWriter.tag(field.number, 3, into: &output)
                output.append(contentsOf: body)
                ProtoWriter.tag(field.number, 4, into: &output)
            } else {
                ProtoWriter.tag(field.number, 2, into: &output)
                ProtoWriter.delimited(body, into: &output)
            }
            return
        }
        var body: [UInt8] = []
        try bare(json, field.type, path: path, into: &body)
        if skipDefault, ProtoWriter.isDefault(body) { return }
        ProtoWriter.tag(field.number, field.wireType, into: &output)
        output.append(contentsOf: body)
    }

    /// A scalar's or enum's value without its tag (length-prefixed for strings and bytes).
    mutating func bare(_ json: JSONValue, _ type: ProtoFieldType, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        switch type {
        case .message: throw fault(path, "a message cannot be packed")
        case .enumeration(let id):
            let enumeration = schema.enums[id]
            switch json {
            case .string(let name):
                guard let value = enumeration.values.first(where: { $0.name == name }) else {
                    throw fault(path, "\(enumeration.fullName) has no value \(Self.describe(json))")
                }
                ProtoWriter.varint(UInt64(bitPattern: Int64(value.number)), into: &output)
            case .null where enumeration.isNullValue:
                ProtoWriter.varint(0, into: &output)
            case .number:
                let number = try integer(json, Int64(Int32.min)...Int64(Int32.max), "an enum number", path: path)
                if enumeration.isClosed, enumeration.names[Int32(number)] == nil { throw fault(path, "\(enumeration.fullName) has no value \(number)") }
                ProtoWriter.varint(UInt64(bitPattern: number), into: &output)
            default:
                throw fault(path, "expected a name of \(enumeration.fullName), got \(Self.describe(json))")
            }
        case .scalar(let scalar):
            try self.scalar(json, scalar, path: path, into: &output)
        }
    }

    private func scalar(_ json: JSONValue, _ scalar: ProtoScalar, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        switch scalar {
        case .int32:
            ProtoWriter.varint(UInt64(bitPattern: try integer(json, Int64(Int32.min)...Int64(Int32.max), "an int32", path: path)), into: &output)
        case .int64:
            ProtoWriter.varint(UInt64(bitPattern: try integer(json, Int64.min...Int64.max, "an int64", path: path)), into: &output)
        case .uint32:
            ProtoWriter.varint(try unsigned(json, UInt64(UInt32.max), "a uint32", path: path), into: &output)
        case .uint64:
            ProtoWriter.varint(try unsigned(json, UInt64.max, "a uint64", path: path), into: &output)
        case .sint32:
            let value = Int32(try integer(json, Int64(Int32.min)...Int64(Int32.max), "a sint32", path: path))
            ProtoWriter.varint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))), into: &output)
        case .sint64:
            let value = try integer(json, Int64.min...Int64.max, "a sint64", path: path)
            ProtoWriter.varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), into: &output)
        case .fixed32:
            ProtoWriter.fixed(try unsigned(json, UInt64(UInt32.max), "a fixed32", path: path), size: 4, into: &output)
        case .sfixed32:
            let value = Int32(try integer(json, Int64(Int32.min)...Int64(Int32.max), "a sfixed32", path: path))
            ProtoWriter.fixed(UInt64(UInt32(bitPattern: value)), size: 4, into: &output)
        case .fixed64:
            ProtoWriter.fixed(try unsigned(json, UInt64.max, "a fixed64", path: path), size: 8, into: &output)
        case .sfixed64:
            ProtoWriter.fixed(UInt64(bitPattern: try integer(json, Int64.min...Int64.max, "a sfixed64", path: path)), size: 8, into: &output)
        case .bool:
            guard case .bool(let flag) = json else { throw fault(path, "expected true or false, got \(Self.describe(json))") }
            ProtoWriter.varint(flag ? 1 : 0, into: &output)
        case .float:
            let value = try floating(json, path: path)
            // What rounds to a finite float fits: the decoder's shortest text of the largest
            // float (3.4028235e+38) reads back as a double just past it.
            guard !value.isFinite || Float(value).isFinite else { throw fault(path, "\(value) is out of range for a float") }
            ProtoWriter.fixed(UInt64(Float(value).bitPattern), size: 4, into: &output)
        case .double:
            ProtoWriter.fixed(try floating(json, path: path).bitPattern, size: 8, into: &output)
        case .string:
            guard case .string(let text) = json else { throw fault(path, "expected a string, got \(Self.describe(json))") }
            ProtoWriter.delimited(Array(text.utf8), into: &output)
        case .bytes:
            guard case .string(let text) = json else { throw fault(path, "expected base64 text, got \(Self.describe(json))") }
            // URL-safe base64 is accepted too, as the JSON mapping says.
            let standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
            guard let bytes = Base64.decode(standard) else { throw fault(path, "expected base64 text, got \(Self.describe(json))") }
            ProtoWriter.delimited(bytes, into: &output)
        }
    }

    /// An integer from a JSON number (exact) or a string of digits.
    func integer(_ json: JSONValue, _ range: ClosedRange<Int64>, _ kind: String, path: String) throws(ProtobufError) -> Int64 {
        let value: Int64?
        switch json {
        case .number(let number):
            guard number == number.rounded(), number.isFinite else { throw fault(path, "expected an integer, got \(Self.describe(json))") }
            value = number >= -9.223372036854775808e18 && number < 9.223372036854775808e18 ? Int64(number) : nil
        case .string(let text):
            guard let parsed = Int64(text) else { throw fault(path, "expected \(kind), got \(Self.describe(json))") }
            value = parsed
        default:
            throw fault(path, "expected \(kind), got \(Self.describe(json))")
        }
        guard let value, range.contains(value) else { throw fault(path, "\(Self.describe(json)) is out of range for \(kind)") }
        return value
    }

    func unsigned(_ json: JSONValue, _ maximum: UInt64, _ kind: String, path: String) throws(ProtobufError) -> UInt64 {
        let value: UInt64?
        switch json {
        case .number(let number):
            guard number == number.rounded(), number.isFinite else { throw fault(path, "expected an integer, got \(Self.describe(json))") }
            value = number >= 0 && number < 1.8446744073709552e19 ? UInt64(number) : nil
        case .string(let text):
            guard let parsed = UInt64(text) else {
                if Int64(text) != nil { throw fault(path, "\(Self.describe(json)) is out of range for \(kind)") }
                throw fault(path, "expected \(kind), got \(Self.describe(json))")
            }
            value = parsed
        default:
            throw fault(path, "expected \(kind), got \(Self.describe(json))")
        }
        guard let value, value <= maximum else { throw fault(path, "\(Self.describe(json)) is out of range for \(kind)") }
        return value
    }

    func floating(_ json: JSONValue, path: String) throws(ProtobufError) -> Double {
        switch json {
        case .number(let number): return number
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        case .string(let text):
            guard let number = Double(text), number.isFinite else { throw fault(path, "expected a number, got \(Self.describe(json))") }
            return number
        default: throw fault(path, "expected a number, got \(Self.describe(json))")
        }
    }

    /// A map's key from its JSON member name: the text itself, or the number or bool it spells.
    private mutating func mapKey(_ name: String, _ field: ProtoField, path: String, into output: inout [UInt8]) throws(ProtobufError) {
        guard case .scalar(let scalar) = field.type else { return }
        let json: JSONValue
        switch scalar {
        case .string: json = .string(name)
        case .bool:
            guard name == "true" || name == "false" else { throw fault(path, "expected a map key of true or false") }
            json = .bool(name == "true")
        default: json = .string(name)
        }
        ProtoWriter.tag(1, scalar.wireType, into: &output)
        try self.scalar(json, scalar, path: path, into: &output)
    }
}

/// Protobuf's wire format, written.
enum ProtoWriter {
    static func varint(_ value: UInt64, into output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }

    static func tag(_ number: Int32, _ wire: UInt8, into output: inout [UInt8]) {
        varint(UInt64(number) << 3 | UInt64(wire), into: &output)
    }

    static func fixed(_ value: UInt64, size: Int, into output: inout [UInt8]) {
        for offset in 0..<size { output.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(offset)))) }
    }

    static func delimited(_ bytes: [UInt8], into output: inout [UInt8]) {
        varint(UInt64(bytes.count), into: &output)
        output.append(contentsOf: bytes)
    }

    /// Whether a value's encoding is its type's default: zero bits (so `-0.0` is kept), or
    /// nothing after a length of zero.
    static func isDefault(_ body: [UInt8]) -> Bool {
        body.allSatisfy { $0 == 0 }
    }
}
