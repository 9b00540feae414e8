/// A parsed JSON value, shared by every watch that reads the same message.
///
/// Objects keep their members in document order; lookups take the last member of a repeated
/// name, as jq does, so native paths and jq expressions agree.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Numbers are doubles, as in jq 1.6.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The value of member `name` of an object; `nil` for a missing member or a non-object.
    public subscript(member name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members.reversed() where member.name == name { return member.value }
        return nil
    }

    /// The kind's name as jq prints it in errors (`object`, `string`, …).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// One `"name": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var name: String
    public var value: JSONValue

    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}
