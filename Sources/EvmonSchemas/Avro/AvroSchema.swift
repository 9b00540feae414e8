import EvmonJSON
import EvmonModel

/// An Avro schema (the 1.12 specification), parsed from its JSON: what a registry returns for
/// an Avro subject, and what an `.avsc` file holds.
///
/// Named types (records, enums, fixed) are resolved by full name, namespaces inherited as the
/// specification says, so a record may refer to itself (a linked list, a tree). Logical types
/// the specification defines are kept with their underlying type; unknown ones, or ones on the
/// wrong type, fall back to the underlying type, as readers must.
public indirect enum AvroType: Sendable {
    case null, boolean, int, long, float, double, bytes, string
    case record(AvroRecord)
    case enumeration(name: String, symbols: [String])
    case array(AvroType)
    case map(AvroType)
    case union([AvroType])
    case fixed(name: String, size: Int)
    case logical(AvroLogicalType, AvroType)

    /// Parses a schema's JSON text.
    public static func parse(_ text: [UInt8]) throws(AvroError) -> AvroType {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw AvroError("the schema is not JSON: \(error)")
        }
        var parser = AvroSchemaParser()
        return try parser.type(json, namespace: nil, depth: 0)
    }
}

/// A record type. A class so that a record can hold itself; its fields are set once, while
/// the schema is parsed, and never changed after.
public final class AvroRecord: @unchecked Sendable {
    public let name: String
    public internal(set) var fields: [(name: String, type: AvroType)] = []

    init(name: String) {
        self.name = name
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
    private var named: [String: AvroType] = [:]
    /// Nesting deeper than this is refused: a hostile schema must not exhaust the stack.
    static let maximumDepth = 64

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
            if let type = named[Self.fullName(name, namespace: namespace)] ?? named[name] { return type }
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
            let record = AvroRecord(name: full)
            try define(full, as: .record(record))
            guard case .array(let fields)? = json[member: "fields"] else { throw AvroError("record \(full) has no fields list") }
            var seen: Set<String> = []
            for field in fields {
                guard case .string(let fieldName)? = field[member: "name"], let fieldType = field[member: "type"] else {
                    throw AvroError("a field of \(full) without a name or a type")
                }
                guard seen.insert(fieldName).inserted else { throw AvroError("record \(full) has field '\(fieldName)' twice") }
                record.fields.append((fieldName, try type(fieldType, namespace: inner, depth: depth + 1)))
            }
            base = .record(record)
        case "enum":
            let (full, _) = try name(json, namespace: namespace)
            guard case .array(let values)? = json[member: "symbols"] else { throw AvroError("enum \(full) has no symbols") }
            var symbols: [String] = []
            for value in values {
                guard case .string(let symbol) = value else { throw AvroError("enum \(full) has a symbol that is not a string") }
                symbols.append(symbol)
            }
            base = .enumeration(name: full, symbols: symbols)
            try define(full, as: base)
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
            base = .fixed(name: full, size: Int(size))
            try define(full, as: base)
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

    private mutating func define(_ name: String, as type: AvroType) throws(AvroError) {
        guard named[name] == nil else { throw AvroError("type \(name) is defined twice") }
        named[name] = type
    }

    static func fullName(_ name: String, namespace: String?) -> String {
        guard !name.contains("."), let namespace, !namespace.isEmpty else { return name }
        return namespace + "." + name
    }
}
