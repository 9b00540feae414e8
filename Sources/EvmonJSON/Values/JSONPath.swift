import EvmonModel

/// A native path into a JSON value: `.payload.items[0].price`, `.["odd key"]`, `[-1]`.
///
/// Watch files write paths for `require`, `unique`, `ordered` and `match`; they are evaluated
/// here without jq, which is what keeps native watches fast. The leading dot is optional
/// (`payload.order_id` in a `require` list means `.payload.order_id`).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        case member(String)
        /// An array index; negative counts from the end, as in jq.
        case index(Int)
    }

    /// What looking a path up found.
    public enum Lookup: Sendable, Equatable {
        case found(JSONValue)
        /// The path is absent: a missing member, an index past the end, or a step into `null`.
        case missing
        /// A step that cannot apply (a member of an array, an index into a string); the text says which.
        case mismatch(String)
    }

    public let components: [Component]

    public init(components: [Component]) {
        self.components = components
    }

    /// Parses `.a.b[0]`; the message of a thrown error says what is wrong with the text.
    public init(parsing text: String) throws(EvmonError) {
        var components: [Component] = []
        let characters = Array(text.trimmingWhitespace())
        var index = 0
        func fail(_ reason: String) -> EvmonError { .usage("path '\(text)': \(reason)") }
        guard !characters.isEmpty else { throw fail("empty; write . for the whole value") }
        var expectName = characters[0] != "." && characters[0] != "["
        while index < characters.count || expectName {
            if expectName {
                let start = index
                while index < characters.count, characters[index].isLetter || characters[index].isNumber
                    || characters[index] == "_" || characters[index] == "-" || characters[index] == "$" {
                    index += 1
                }
                guard index > start else { throw fail("expected a member name at character \(start + 1)") }
                components.append(.member(String(characters[start..<index])))
                expectName = false
                continue
            }
            switch characters[index] {
            case ".":
                index += 1
                if index == characters.count { if components.isEmpty { break } else { throw fail("ends with '.'") } }
                if index < characters.count, characters[index] == "[" { continue }
                if index < characters.count, characters[index] == "\"" {
                    let (name, next) = try Self.quoted(characters, from: index, fail: fail)
                    components.append(.member(name))
                    index = next
                } else if index < characters.count {
                    expectName = true
                }
            case "[":
                index += 1
                if index < characters.count, characters[index] == "\"" {
                    let (name, next) = try Self.quoted(characters, from: index, fail: fail)
                    components.append(.member(name))
                    index = next
                } else {
                    let start = index
                    if index < characters.count, characters[index] == "-" { index += 1 }
                    while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                    guard let number = Int(String(characters[start..<index])) else { throw fail("expected an index or a quoted name inside [ ]") }
                    components.append(.index(number))
                }
                guard index < characters.count, characters[index] == "]" else { throw fail("missing ']'") }
                index += 1
            default:
                throw fail("unexpected '\(characters[index])' at character \(index + 1) (paths are like .a.b[0]; use jq in where/expect for more)")
            }
        }
        self.components = components
    }

    private static func quoted(
        _ characters: [Character], from start: Int, fail: (String) -> EvmonError
    ) throws(EvmonError) -> (String, Int) {
        var index = start + 1
        var name = ""
        while index < characters.count, characters[index] != "\"" {
            if characters[index] == "\\", index + 1 < characters.count { index += 1 }
            name.append(characters[index])
            index += 1
        }
        guard index < characters.count else { throw fail("unterminated quoted name") }
        return (name, index + 1)
    }

    /// Follows the path through `value`.
    public func lookup(in value: JSONValue) -> Lookup {
        var current = value
        for (position, component) in components.enumerated() {
            switch (component, current) {
            case (_, .null):
                return .missing
            case (.member(let name), .object):
                guard let next = current[member: name] else { return .missing }
                current = next
            case (.index(let index), .array(let elements)):
                let resolved = index < 0 ? elements.count + index : index
                guard elements.indices.contains(resolved) else { return .missing }
                current = elements[resolved]
            case (.member(let name), _):
                return .mismatch("\(prefix(position)) is \(current.kindName == "array" ? "an" : "a") \(current.kindName), not an object with '\(name)'")
            case (.index, _):
                return .mismatch("\(prefix(position)) is \(current.kindName == "object" ? "an" : "a") \(current.kindName), not an array")
            }
        }
        return .found(current)
    }

    /// The path of the first `count` components, for messages.
    private func prefix(_ count: Int) -> String {
        count == 0 ? "the value" : JSONPath(components: Array(components.prefix(count))).description
    }

    /// `.a.b[0]`.
    public var description: String {
        guard !components.isEmpty else { return "." }
        return components.map { component in
            switch component {
            case .member(let name):
                let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(name.first!.isNumber)
                return plain ? "." + name : ".[\"" + name + "\"]"
            case .index(let index): return "[\(index)]"
            }
        }.joined()
    }
}

extension String {
    public func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return slice
    }
}
