import EvmonJSON

/// One compiled subschema: a boolean schema, or the keywords it asserts with their subschemas
/// as indexes into `JSONSchema.nodes` (so recursive schemas hold no reference cycle).
struct SchemaNode: Sendable {
    enum Body: Sendable {
        case always(Bool)
        case rules([SchemaRule])
    }

    /// Where the subschema is, as a JSON pointer (for violations' keywords).
    let pointer: String
    var body: Body
}

/// One keyword (or a few that work together, such as `properties`, `patternProperties` and
/// `additionalProperties`) and where it is in the schema.
struct SchemaRule: Sendable {
    /// The keyword's JSON pointer.
    let location: String
    let check: SchemaCheck
}

/// The JSON types a schema's `type` names.
enum SchemaType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, string, integer

    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .number), (.string, .string): return true
        // 1.0 is an integer: JSON Schema counts values, not how they are written.
        case (.integer, .number(let number)): return number.isFinite && number.rounded(.towardZero) == number
        default: return false
        }
    }
}

/// The string formats evmon asserts; any other `format` is an annotation only.
enum SchemaFormat: String, Sendable {
    case dateTime = "date-time"
    case date, time, uuid, email
}

enum SchemaCheck: Sendable {
    case types([SchemaType])
    /// Values normalized (`SchemaEquality`), compared as JSON Schema compares.
    case enumeration([JSONValue], original: [JSONValue])
    case constant(JSONValue, original: JSONValue)
    case minimum(Double, exclusive: Bool)
    case maximum(Double, exclusive: Bool)
    case multipleOf(Double)
    case minLength(Int)
    case maxLength(Int)
    case pattern(SchemaRegex)
    case format(SchemaFormat)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    /// `prefixItems`/`items` (2020-12), or `items` and `additionalItems` (draft-07): the first
    /// items each by their own schema, the rest by `rest`.
    case items(prefix: [Int], rest: Int?)
    case contains(Int, minimum: Int, maximum: Int?)
    case minProperties(Int)
    case maxProperties(Int)
    case required([String])
    /// `properties`, `patternProperties` and `additionalProperties` together, since the last
    /// applies to what the other two do not name.
    case properties(named: [String: Int], patterns: [(SchemaRegex, Int)], additional: Int?)
    case propertyNames(Int)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case reference(Int)
}
