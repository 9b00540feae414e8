import EvmonJSON
import EvmonModel

/// Encodes JSON in `AvroDecoder`'s form back to Avro binary: what a user edited in a decoded
/// message, re-produced under the same schema id.
///
/// The JSON is read as the decoder writes it: a union's value unwrapped (the first branch that
/// accepts the value is chosen, so `null` goes to a `"null"` branch and a record to the first
/// record whose fields it has), bytes and fixed as a string (its UTF-8) or `{"base64": …}`,
/// `"NaN"` and the infinities as strings, decimals as digit strings (numbers are read too, by
/// their text), dates, times and timestamps as ISO 8601 text, a duration as its object. Numbers
/// are read from their text, never through a double, so a long keeps all 19 digits. Arrays and
/// maps are written as one block and the closing 0, as fastavro writes them, so data fastavro
/// wrote encodes back to the same bytes.
///
/// A value that does not fit is refused, naming where: `.items[2].price: expected a decimal
/// string with at most 2 fraction digits, got "1.234"`. A record must have exactly its fields
/// (defaults are not filled in). Work is bounded: depth as in the decoder, and trying union
/// branches (which may re-read a value for each) within a budget set by the text's length.
public struct AvroEncoder {
    let text: AvroJSONText
    private let named: [String: AvroType]
    var output: [UInt8] = []
    var path: [JSONPath.Component] = []
    private var depth = 0
    private var workLeft: Int

    /// Recursive types may nest this deep in one value, as in `AvroDecoder`.
    public static let maximumDepth = AvroDecoder.maximumDepth

    private init(_ text: UnsafeBufferPointer<UInt8>, named: [String: AvroType]) {
        self.text = AvroJSONText(bytes: text)
        self.named = named
        workLeft = 100_000 + 64 * text.count
    }

    /// `json`, one JSON value in the decoder's form, as Avro binary of `schema`.
    public static func binary(_ json: [UInt8], schema: AvroSchema) throws(AvroError) -> [UInt8] {
        do {
            _ = try JSONParser.parse(json)
        } catch {
            throw AvroError("the value is not JSON: \(error)")
        }
        let result = json.withUnsafeBufferPointer { buffer -> Result<[UInt8], EncodingFailure> in
            Result { () throws(EncodingFailure) -> [UInt8] in
                var encoder = AvroEncoder(buffer, named: schema.named)
                let start = encoder.text.skipWhitespace(0)
                try encoder.value(schema.root, start..<encoder.text.valueEnd(start))
                return encoder.output
            }
        }
        switch result {
        case .success(let bytes): return bytes
        case .failure(let failure): throw AvroError("\(failure.path): \(failure.message)")
        }
    }

    /// Why a value does not fit, and where; `wrongKind` when the JSON is not even the kind the
    /// type needs (a string for a record), which makes it the least telling failure of a union.
    struct EncodingFailure: Error {
        var path: JSONPath
        var message: String
        var wrongKind: Bool
    }

    func fail(_ message: String, wrongKind: Bool = false) -> EncodingFailure {
        EncodingFailure(path: JSONPath(components: path), message: message, wrongKind: wrongKind)
    }

    func expected(_ what: String, _ span: Range<Int>) -> EncodingFailure {
        fail("expected \(what), got \(show(span))", wrongKind: true)
    }

    func show(_ span: Range<Int>) -> String {
        let raw = Array(text.bytes[span].prefix(61))
        var shown = String(decoding: raw.prefix(60), as: UTF8.self)
        if span.count > 60 { shown += "…" }
        return shown
    }

    // MARK: - Values

    mutating func value(_ type: AvroType, _ span: Range<Int>) throws(EncodingFailure) {
        workLeft -= 1
        guard workLeft > 0 else { throw fail("the value takes too much work to match its schema's unions") }
        let first = text.first(span)
        switch type {
        case .null:
            guard first == UInt8(ascii: "n") else { throw expected("null", span) }
        case .boolean:
            guard first == UInt8(ascii: "t") || first == UInt8(ascii: "f") else { throw expected("a boolean", span) }
            output.append(first == UInt8(ascii: "t") ? 1 : 0)
        case .int: writeLong(try integer(span, Int64(Int32.min)...Int64(Int32.max), "an int"))
        case .long: writeLong(try integer(span, Int64.min...Int64.max, "a long"))
        case .float:
            let number = try floating(span, "a float") { Float($0).map(Double.init) }
            output.append(contentsOf: Self.littleEndian(UInt64(Float(number).bitPattern), 4))
        case .double:
            let number = try floating(span, "a double") { Double($0) }
            output.append(contentsOf: Self.littleEndian(number.bitPattern, 8))
        case .bytes:
            let bytes = try self.bytes(span, #"bytes (a string or {"base64": …})"#)
            writeLong(Int64(bytes.count))
            output.append(contentsOf: bytes)
        case .string:
            // `{"base64": …}` too: the decoder writes a string that is not UTF-8 that way.
            let bytes = try self.bytes(span, "a string")
            writeLong(Int64(bytes.count))
            output.append(contentsOf: bytes)
        case .fixed(let name, let size):
            let bytes = try self.bytes(span, #"fixed \#(name) (a string or {"base64": …})"#)
            guard bytes.count == size else { throw fail("fixed \(name) takes \(size) bytes, got \(bytes.count)") }
            output.append(contentsOf: bytes)
        case .enumeration(let name, let symbols):
            guard first == UInt8(ascii: "\"") else { throw expected("a symbol of enum \(name)", span) }
            let symbol = String(decoding: try string(span), as: UTF8.self)
            guard let position = symbols.firstIndex(of: symbol) else {
                throw fail("\(show(span)) is not a symbol of enum \(name) (\(symbols.prefix(8).joined(separator: ", "))\(symbols.count > 8 ? ", …" : ""))")
            }
            writeLong(Int64(position))
        case .union(let branches):
            try nested { (encoder) throws(EncodingFailure) in try encoder.union(branches, span) }
        case .named(let name):
            guard let type = named[name] else { throw fail("type \(name) is not in the schema") }
            try nested { (encoder) throws(EncodingFailure) in try encoder.value(type, span) }
        case .record(let name, let fields):
            guard first == UInt8(ascii: "{") else { throw expected("a record \(name)", span) }
            try nested { (encoder) throws(EncodingFailure) in try encoder.record(name, fields, span) }
        case .array(let items):
            guard first == UInt8(ascii: "[") else { throw expected("an array", span) }
            try nested { (encoder) throws(EncodingFailure) in
                let elements = encoder.text.elements(span)
                if !elements.isEmpty { encoder.writeLong(Int64(elements.count)) }
                for (position, element) in elements.enumerated() {
                    encoder.path.append(.index(position))
                    try encoder.value(items, element)
                    encoder.path.removeLast()
                }
                encoder.writeLong(0)
            }
        case .map(let values):
            guard first == UInt8(ascii: "{") else { throw expected("a map (an object)", span) }
            try nested { (encoder) throws(EncodingFailure) in
                let members = try encoder.members(span)
                if !members.isEmpty { encoder.writeLong(Int64(members.count)) }
                var seen: Set<String> = []
                for member in members {
                    guard seen.insert(member.name).inserted else { throw encoder.fail("key \"\(member.name)\" appears twice") }
                    let key = Array(member.name.utf8)
                    encoder.writeLong(Int64(key.count))
                    encoder.output.append(contentsOf: key)
                    encoder.path.append(.member(member.name))
                    try encoder.value(values, member.value)
                    encoder.path.removeLast()
                }
                encoder.writeLong(0)
            }
        case .logical(let logical, let base):
            try self.logical(logical, base, span)
        }
    }

    /// The first branch that takes the value; when none does, the most telling refusal.
    private mutating func union(_ branches: [AvroType], _ span: Range<Int>) throws(EncodingFailure) {
        let mark = output.count
        let (pathCount, savedDepth) = (path.count, depth)
        var best: EncodingFailure?
        for (position, branch) in branches.enumerated() {
            writeLong(Int64(position))
            do {
                try value(branch, span)
                return
            } catch {
                // A failed branch leaves its output, path and depth where it stopped.
                output.removeSubrange(mark...)
                path.removeSubrange(pathCount...)
                depth = savedDepth
                if error.message.hasPrefix("the value takes too much work") { throw error }
                // A branch of the value's kind that failed inside it says more than "expected
                // null": the one that got deepest is kept.
                let inside = error.path.components.count > pathCount
                guard inside || !error.wrongKind else { continue }
                if best.map({ $0.path.components.count < error.path.components.count }) ?? true { best = error }
            }
        }
        if let best { throw best }
        throw expected(branches.map(Self.typeName).joined(separator: " or "), span)
    }

    private mutating func record(_ name: String, _ fields: [AvroField], _ span: Range<Int>) throws(EncodingFailure) {
        var values: [String: Range<Int>] = [:]
        for member in try members(span) {
            guard values.updateValue(member.value, forKey: member.name) == nil else { throw fail("field \"\(member.name)\" appears twice") }
            guard fields.contains(where: { $0.name == member.name }) else { throw fail("record \(name) has no field \"\(member.name)\"") }
        }
        for field in fields {
            guard let span = values[field.name] else { throw fail("missing field \"\(field.name)\" of record \(name)") }
            path.append(.member(field.name))
            try value(field.type, span)
            path.removeLast()
        }
    }

    private mutating func nested(_ body: (inout AvroEncoder) throws(EncodingFailure) -> Void) throws(EncodingFailure) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("values nest deeper than \(Self.maximumDepth) levels") }
        try body(&self)
        depth -= 1
    }

    // MARK: - Reading the JSON

    func string(_ span: Range<Int>) throws(EncodingFailure) -> [UInt8] {
        do {
            return try text.string(span)
        } catch {
            throw fail(error.reason)
        }
    }

    private func members(_ span: Range<Int>) throws(EncodingFailure) -> [(name: String, value: Range<Int>)] {
        do {
            return try text.members(span)
        } catch {
            throw fail(error.reason)
        }
    }

    /// A string's UTF-8 bytes, or the bytes of `{"base64": …}`.
    private func bytes(_ span: Range<Int>, _ what: String) throws(EncodingFailure) -> [UInt8] {
        switch text.first(span) {
        case UInt8(ascii: "\""): return try string(span)
        case UInt8(ascii: "{"):
            let members = try self.members(span)
            guard members.count == 1, members[0].name == "base64", text.first(members[0].value) == UInt8(ascii: "\"") else {
                throw expected(what, span)
            }
            guard let decoded = Base64.decode(String(decoding: try string(members[0].value), as: UTF8.self)) else {
                throw fail("\(show(members[0].value)) is not base64")
            }
            return decoded
        default: throw expected(what, span)
        }
    }

    /// A whole number within `bounds`, from its text (`1.0` and `1e3` are whole too).
    func integer(_ span: Range<Int>, _ bounds: ClosedRange<Int64>, _ what: String) throws(EncodingFailure) -> Int64 {
        let first = text.first(span)
        guard first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { throw expected(what, span) }
        let written = text.text(span)
        var value = Int64(written)
        if value == nil, let number = Double(written), number == number.rounded(), abs(number) < 9_007_199_254_740_992 { value = Int64(number) }
        guard let value else {
            let whole = written.utf8.dropFirst(first == UInt8(ascii: "-") ? 1 : 0).allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            throw fail(whole ? "\(written) is out of range for \(what)" : "expected \(what), got \(written)")
        }
        guard bounds.contains(value) else { throw fail("\(written) is out of range for \(what)") }
        return value
    }

    /// A number, or `"NaN"`, `"Infinity"`, `"-Infinity"`; `parse` reads the text at the type's width.
    private func floating(_ span: Range<Int>, _ what: String, _ parse: (String) -> Double?) throws(EncodingFailure) -> Double {
        let first = text.first(span)
        if first == UInt8(ascii: "\"") {
            switch String(decoding: try string(span), as: UTF8.self) {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: throw expected(what, span)
            }
        }
        guard first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")), let number = parse(text.text(span)) else {
            throw expected(what, span)
        }
        guard number.isFinite else { throw fail("\(show(span)) is out of range for \(what)") }
        return number
    }

    // MARK: - Writing

    mutating func writeLong(_ value: Int64) {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while raw >= 0x80 {
            output.append(UInt8(raw & 0x7F) | 0x80)
            raw >>= 7
        }
        output.append(UInt8(raw))
    }

    mutating func write(_ bytes: [UInt8]) {
        output.append(contentsOf: bytes)
    }

    static func littleEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A type as messages name it.
    static func typeName(_ type: AvroType) -> String {
        switch type {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .int: return "an int"
        case .long: return "a long"
        case .float: return "a float"
        case .double: return "a double"
        case .bytes: return "bytes"
        case .string: return "a string"
        case .record(let name, _): return "record \(name)"
        case .enumeration(let name, _): return "enum \(name)"
        case .array: return "an array"
        case .map: return "a map"
        case .union: return "a union"
        case .fixed(let name, _): return "fixed \(name)"
        case .named(let name): return name
        case .logical(let logical, _): return "a \(logical)"
        }
    }
}
