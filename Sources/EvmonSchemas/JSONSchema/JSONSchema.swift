import EvmonJSON
import EvmonModel

/// A JSON Schema (draft 2020-12, or draft-07 when `$schema` says so), checked when parsed and
/// compiled for validating many values: what a registry returns for a JSON subject, and what a
/// contract file holds.
///
/// Parsing refuses a schema that is not valid (a keyword of the wrong type, a pattern that does
/// not compile, a `$ref` that points nowhere), naming the keyword by its JSON pointer. `$ref`s
/// are resolved then, within the document (`#`, `#/$defs/x`, `#/definitions/x`, `$anchor`s),
/// so validation never looks anything up by text.
///
/// Validation is bounded: recursive references may nest `maximumDepth` deep in one value, and
/// one call does at most `maximumSteps` steps (a schema of nested `anyOf`s can ask for work
/// exponential in its size); past either, the value is reported as not validated, saying why.
public struct JSONSchema: Sendable {
    /// The specification a schema follows, from its `$schema`.
    public enum Draft: String, Sendable {
        case draft2020_12 = "2020-12"
        case draft7 = "draft-07"
    }

    public let draft: Draft
    /// Every subschema; the root is the first.
    let nodes: [SchemaNode]

    /// Subschemas applied within subschemas (through `$ref`s) nest no deeper.
    public static let maximumDepth = 256
    /// Subschema applications, pattern steps and item comparisons one validation may spend.
    public static let maximumSteps = 2_000_000

    /// Parses and checks a schema's JSON text.
    public static func parse(_ text: [UInt8]) throws(JSONSchemaError) -> JSONSchema {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            throw JSONSchemaError(pointer: "", reason: "the schema is not JSON: \(error)")
        }
        return try parse(json)
    }

    /// Checks and compiles a schema already parsed.
    public static func parse(_ json: JSONValue) throws(JSONSchemaError) -> JSONSchema {
        var compiler = try SchemaCompiler(root: json)
        let nodes = try compiler.compile()
        return JSONSchema(draft: compiler.draft, nodes: nodes)
    }

    /// The ways `value` breaks the schema, at most `limit` of them (none: it is valid).
    public func validate(_ value: JSONValue, limit: Int = 10) -> [JSONSchemaViolation] {
        var evaluation = SchemaEvaluation(nodes: nodes, limit: max(1, limit))
        return evaluation.run(value)
    }

    /// Whether `value` is valid, stopping at its first violation.
    public func isValid(_ value: JSONValue) -> Bool {
        validate(value, limit: 1).isEmpty
    }
}

/// Why a schema cannot be used: one line, and the keyword at fault.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending keyword as a JSON pointer into the schema (`/properties/price/minimum`);
    /// empty for the document as a whole.
    public let pointer: String
    public let reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { pointer.isEmpty ? reason : "\(pointer): \(reason)" }
}

/// One way a value breaks a schema.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where in the value, as evmon writes paths (`.payload.items[2].price`; `.` for the value).
    public let path: JSONPath
    /// The keyword that failed, as a JSON pointer into the schema (`/properties/price/minimum`).
    public let keyword: String
    /// One line: `expected a number, got "x"`.
    public let reason: String

    public init(path: JSONPath, keyword: String, reason: String) {
        self.path = path
        self.keyword = keyword
        self.reason = reason
    }

    /// `.payload.items[2].price: expected a number, got "x"`.
    public var description: String { "\(path): \(reason)" }
}
