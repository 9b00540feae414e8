import EvmonJSON
import EvmonModel

/// An Avro schema (the 1.12 specification), parsed from its JSON: what a registry returns for
/// an Avro subject, and what an `.avsc` file holds.
///
/// Named types (records, enums, fixed) are resolved by full name, namespaces inherited as the
/// specification says. A type used by name after its definition is a `.named` reference into
/// the schema's table, so a record may hold itself (a linked list, a tree) without a cycle of
/// references in memory. Logical types the specification defines are kept with their
/// underlying type; unknown ones, or ones on the wrong type, fall back to the underlying type,
/// as readers must.
public struct AvroSchema: Sendable {
    public let root: AvroType
    /// Every named type by full name, for `.named` references.
    public let named: [String: AvroType]

    /// Parses a schema's JSON text. `references`: schemas it refers to (a registry's schema
    /// references), whose named types it may use by name.
    public static func parse(_ text: [UInt8], references: [AvroSchema] = []) throws(AvroError) -> AvroSchema {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw AvroError("the schema is not JSON: \(error)")
        }
        var parser = AvroSchemaParser(known: references.reduce(into: [:]) { known, reference in known.merge(reference.named) { first, _ in first } })
        let root = try parser.type(json, namespace: nil, depth: 0)
        return AvroSchema(root: root, named: parser.named)
    }
}

/// One type of a schema.
public indirect enum AvroType: Sendable {
    case null, boolean, int, long, float, double, bytes, string
    case record(name: String, fields: [AvroField])
    case enumeration(name: String, symbols: [String])
    case array(AvroType)
    case map(AvroType)
    case union([AvroType])
    case fixed(name: String, size: Int)
    case logical(AvroLogicalType, AvroType)
    /// A named type used by its name (`AvroSchema.named`).
    case named(String)
}

/// A record's field.
public struct AvroField: Sendable {
    public let name: String
    public let type: AvroType
    /// `"name":` as JSON, written once here rather than escaped again for every message.
    let key: [UInt8]

    init(name: String, type: AvroType) {
        self.name = name
        self.type = type
        var key: [UInt8] = []
        JSONOutput.appendString(name, to: &key)
        key.append(UInt8(ascii: ":"))
        self.key = key
    }
}

/// The logical types the specification defines.
public enum AvroLogicalType: Sendable, Equatable {
    case decimal(precision: Int, scale: Int)
    case uuid, date, timeMillis, timeMicros
    case timestampMillis, timestampMicros, timestampNanos
    case localTimestampMillis, localTimestampMicros, localTimestampNanos
    case duration
}

/// Why a schema or a value cannot be read: one line for people.
public struct AvroError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// Walks a schema's JSON, keeping the named types seen so far.
struct AvroSchemaParser {
    private(set) var named: [String: AvroType] = [:]
    /// Named types whose definition has begun (a record's own fields may name it).
    private var declared: Set<String> = []
    /// Nesting deeper than this is refused: a hostile schema must not exhaust the stack.
    static let maximumDepth = 64

    /// A parser that knows `known` named types already (from referenced schemas).
    init(known: [String: AvroType] = [:]) {
        named = known
        declared = Set(known.keys)
    }

    mutating func type(_ json: JSONValue, namespace: String?, depth: Int) throws(AvroError) -> AvroType {
        guard depth < Self.maximumDepth else { throw AvroError("the schema nests deeper than \(Self.maximumDepth) levels") }
        switch json {
        case .string(let name):
            return try reference(name, namespace: namespace)
        case .array(let branches):
            guard !branches.isEmpty else { throw AvroError("a union with no branch") }
            var types: [AvroType] = []
            for branch in branches {
                let parsed = try type(branch, namespace: namespace, depth: depth + 1)
                if case .union = parsed { throw AvroError("a union directly inside a union") }
                types.append(parsed)
            }
            return .union(types)
        case .object:
            return try complex(json, namespace: namespace, depth: depth)
        default:
            throw AvroError("a schema must be a name, an object or a union list, not a \(json.kindName)")
        }
    }

    private func reference(_ name: String, namespace: String?) throws(AvroError) -> AvroType {
        switch name {
        case "null": return .null
        case "boolean": return .boolean
        case "int": return .int
        case "long": return .long
        case "float": return .float
        case "double": return .double
        case "bytes": return .bytes
        case "string": return .string
        default:
            let full = Self.fullName(name, namespace: namespace)
            if declared.contains(full) { return .named(full) }
            if declared.contains(name) { return .named(name) }
            throw AvroError("unknown type '\(name)'")
        }
    }

    private mutating func complex(_ json: JSONValue, namespace: String?, depth: Int) throws(AvroError) -> AvroType {
        guard case .string(let kind)? = json[member: "type"] else {
            if let inner = json[member: "type"] { return try type(inner, namespace: namespace, depth: depth + 1) }
            throw AvroError("a schema object without a type")
        }
        let base: AvroType
        switch kind {
        case "record", "error":
            let (full, inner) = try name(json, namespace: namespace)
            try declare(full)
            guard case .array(let fields)? = json[member: "fields"] else { throw AvroError("record \(full) has no fields list") }
            var parsed: [AvroField] = []
            var seen: Set<String> = []
            for field in fields {
                guard case .string(let fieldName)? = field[member: "name"], let fieldType = field[member: "type"] else {
                    throw AvroError("a field of \(full) without a name or a type")
                }
                guard seen.insert(fieldName).inserted else { throw AvroError("record \(full) has field '\(fieldName)' twice") }
                parsed.append(AvroField(name: fieldName, type: try type(fieldType, namespace: inner, depth: depth + 1)))
            }
            base = .record(name: full, fields: parsed)
            named[full] = base
        case "enum":
            let (full, _) = try name(json, namespace: namespace)
            guard case .array(let values)? = json[member: "symbols"] else { throw AvroError("enum \(full) has no symbols") }
            var symbols: [String] = []
            for value in values {
                guard case .string(let symbol) = value else { throw AvroError("enum \(full) has a symbol that is not a string") }
                symbols.append(symbol)
            }
            try declare(full)
            base = .enumeration(name: full, symbols: symbols)
            named[full] = base
        case "array":
            guard let items = json[member: "items"] else { throw AvroError("an array without items") }
            base = .array(try type(items, namespace: namespace, depth: depth + 1))
        case "map":
            guard let values = json[member: "values"] else { throw AvroError("a map without values") }
            base = .map(try type(values, namespace: namespace, depth: depth + 1))
        case "fixed":
            let (full, _) = try name(json, namespace: namespace)
            guard case .number(let size)? = json[member: "size"], size >= 0, size <= 1_048_576, size == size.rounded() else {
                throw AvroError("fixed \(full) needs a size from 0 to 1048576")
            }
            try declare(full)
            base = .fixed(name: full, size: Int(size))
            named[full] = base
        default:
            base = try reference(kind, namespace: namespace)
        }
        guard case .string(let logical)? = json[member: "logicalType"], let annotated = Self.logical(logical, json, on: base) else { return base }
        return .logical(annotated, base)
    }

    /// The logical type `name` on `base`, or `nil` where the specification says to ignore it.
    private static func logical(_ name: String, _ json: JSONValue, on base: AvroType) -> AvroLogicalType? {
        switch (name, base) {
        case ("decimal", .bytes), ("decimal", .fixed):
            guard case .number(let precision)? = json[member: "precision"], precision >= 1, precision <= 1_000, precision == precision.rounded() else { return nil }
            var scale: Double = 0
            if case .number(let given)? = json[member: "scale"] { scale = given }
            guard scale >= 0, scale <= precision, scale == scale.rounded() else { return nil }
            if case .fixed(_, let size) = base, size > 128 { return nil }
            return .decimal(precision: Int(precision), scale: Int(scale))
        case ("uuid", .string): return .uuid
        case ("uuid", .fixed(_, 16)): return .uuid
        case ("date", .int): return .date
        case ("time-millis", .int): return .timeMillis
        case ("time-micros", .long): return .timeMicros
        case ("timestamp-millis", .long): return .timestampMillis
        case ("timestamp-micros", .long): return .timestampMicros
        case ("timestamp-nanos", .long): return .timestampNanos
        case ("local-timestamp-millis", .long): return .localTimestampMillis
        case ("local-timestamp-micros", .long): return .localTimestampMicros
        case ("local-timestamp-nanos", .long): return .localTimestampNanos
        case ("duration", .fixed(_, 12)): return .duration
        default: return nil
        }
    }

    /// A named type's full name, and the namespace its own names inherit.
    private func name(_ json: JSONValue, namespace: String?) throws(AvroError) -> (full: String, namespace: String?) {
        guard case .string(let name)? = json[member: "name"], !name.isEmpty else { throw AvroError("a named type without a name") }
        var space = namespace
        if case .string(let given)? = json[member: "namespace"] { space = given.isEmpty ? nil : given }
        let full = name.contains(".") ? name : Self.fullName(name, namespace: space)
        let inner = full.lastIndex(of: ".").map { String(full[..<$0]) }
        return (full, inner)
    }

    private mutating func declare(_ name: String) throws(AvroError) {
        guard declared.insert(name).inserted else { throw AvroError("type \(name) is defined twice") }
    }

    static func fullName(_ name: String, namespace: String?) -> String {
        guard !name.contains("."), let namespace, !namespace.isEmpty else { return name }
        return namespace + "." + name
    }
}
