import EvmonJSON

/// Checks a schema document and compiles its subschemas into `SchemaNode`s.
///
/// Subschemas are compiled from a work list, not by recursion: a `$ref` to a subschema not
/// compiled yet only reserves its index, so neither deep documents nor long chains of
/// references can exhaust the stack, and a recursive schema compiles each subschema once.
struct SchemaCompiler {
    let root: JSONValue
    let draft: JSONSchema.Draft
    /// The root's `$id` without its fragment: references that start with it are local.
    private let rootID: String?
    private var nodes: [SchemaNode] = []
    private var indexByPointer: [String: Int] = [:]
    private var pending: [(value: JSONValue, pointer: String, index: Int)] = []
    /// `$anchor` names (and draft-07 `$id: "#name"`) to the pointer of their subschema.
    private var anchors: [String: String] = [:]

    init(root: JSONValue) throws(JSONSchemaError) {
        self.root = root
        var draft = JSONSchema.Draft.draft2020_12
        switch root[member: "$schema"] {
        case nil: break
        case .string(let uri)?:
            if uri.contains("draft-07") {
                draft = .draft7
            } else if !uri.contains("2020-12") {
                throw JSONSchemaError(pointer: "/$schema", reason: "'\(uri)' is not a draft evmon reads (2020-12 or draft-07)")
            }
        case let other?:
            throw JSONSchemaError(pointer: "/$schema", reason: "must be a string, not \(other.kindName)")
        }
        self.draft = draft
        if case .string(let id)? = root[member: "$id"] {
            rootID = id.firstIndex(of: "#").map { String(id[..<$0]) } ?? id
        } else {
            rootID = nil
        }
        collectAnchors()
    }

    mutating func compile() throws(JSONSchemaError) -> [SchemaNode] {
        _ = try schema(root, at: "")
        while let next = pending.popLast() {
            nodes[next.index].body = try body(next.value, at: next.pointer)
        }
        return nodes
    }

    /// The index of the subschema `value` at `pointer`, compiled later if new.
    private mutating func schema(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> Int {
        if let index = indexByPointer[pointer] { return index }
        switch value {
        case .object, .bool: break
        default: throw JSONSchemaError(pointer: pointer, reason: "a schema must be an object or a boolean, not \(value.article)")
        }
        let index = nodes.count
        nodes.append(SchemaNode(pointer: pointer, body: .always(true)))
        indexByPointer[pointer] = index
        pending.append((value, pointer, index))
        return index
    }

    // MARK: - Keywords

    private mutating func body(_ value: JSONValue, at pointer: String) throws(JSONSchemaError) -> SchemaNode.Body {
        if case .bool(let flag) = value { return .always(flag) }
        guard case .object(let members) = value else { return .always(true) }
        var keywords: [String: JSONValue] = [:]
        for member in members { keywords[member.name] = member.value }
        var reader = KeywordReader(keywords: keywords, pointer: pointer)
        var rules: [SchemaRule] = []
        func add(_ keyword: String, _ check: SchemaCheck) { rules.append(SchemaRule(location: pointer + "/" + SchemaPointer.escape(keyword), check: check)) }

        var reference: SchemaRule?
        if let text = try reader.string("$ref") {
            let target = try self.reference(text, at: reader.location("$ref"))
            reference = SchemaRule(location: reader.location("$ref"), check: .reference(target))
            rules.append(reference!)
        }
        for keyword in ["$id", "$anchor", "$comment", "format"] { _ = try reader.string(keyword) }
        for keyword in ["$defs", "definitions"] {
            for (name, subschema) in try reader.object(keyword) { _ = try schema(subschema, at: reader.location(keyword, name)) }
        }
        if let types = try reader.types() { add("type", .types(types)) }
        if let values = try reader.array("enum") {
            add("enum", .enumeration(values.map(SchemaEquality.normalized), original: values))
        }
        if let value = keywords["const"] { add("const", .constant(SchemaEquality.normalized(value), original: value)) }
        if let number = try reader.number("minimum") { add("minimum", .minimum(number, exclusive: false)) }
        if let number = try reader.number("exclusiveMinimum") { add("exclusiveMinimum", .minimum(number, exclusive: true)) }
        if let number = try reader.number("maximum") { add("maximum", .maximum(number, exclusive: false)) }
        if let number = try reader.number("exclusiveMaximum") { add("exclusiveMaximum", .maximum(number, exclusive: true)) }
        if let number = try reader.number("multipleOf") {
            guard number > 0 else { throw JSONSchemaError(pointer: reader.location("multipleOf"), reason: "must be greater than 0") }
            add("multipleOf", .multipleOf(number))
        }
        if let count = try reader.count("minLength") { add("minLength", .minLength(count)) }
        if let count = try reader.count("maxLength") { add("maxLength", .maxLength(count)) }
        if let source = try reader.string("pattern") { add("pattern", .pattern(try reader.regex(source, at: reader.location("pattern")))) }
        if case .string(let name)? = keywords["format"], let format = SchemaFormat(rawValue: name) { add("format", .format(format)) }

        if let count = try reader.count("minItems") { add("minItems", .minItems(count)) }
        if let count = try reader.count("maxItems") { add("maxItems", .maxItems(count)) }
        if try reader.boolean("uniqueItems") == true { add("uniqueItems", .uniqueItems) }
        try items(&reader, add)
        if let contains = keywords["contains"] {
            let index = try schema(contains, at: reader.location("contains"))
            var minimum = 1
            var maximum: Int?
            if draft == .draft2020_12 {
                minimum = try reader.count("minContains") ?? 1
                maximum = try reader.count("maxContains")
            }
            add("contains", .contains(index, minimum: minimum, maximum: maximum))
        }

        if let count = try reader.count("minProperties") { add("minProperties", .minProperties(count)) }
        if let count = try reader.count("maxProperties") { add("maxProperties", .maxProperties(count)) }
        if let names = try reader.array("required") {
            var seen: Set<String> = []
            var required: [String] = []
            for name in names {
                guard case .string(let text) = name else { throw JSONSchemaError(pointer: reader.location("required"), reason: "must list strings only") }
                guard seen.insert(text).inserted else { throw JSONSchemaError(pointer: reader.location("required"), reason: "lists \"\(text)\" twice") }
                required.append(text)
            }
            add("required", .required(required))
        }
        var named: [String: Int] = [:]
        for (name, subschema) in try reader.object("properties") { named[name] = try schema(subschema, at: reader.location("properties", name)) }
        var patterns: [(SchemaRegex, Int)] = []
        for (source, subschema) in try reader.object("patternProperties") {
            let location = reader.location("patternProperties", source)
            patterns.append((try reader.regex(source, at: location), try schema(subschema, at: location)))
        }
        let additional = try keywords["additionalProperties"].map { (value) throws(JSONSchemaError) in try schema(value, at: reader.location("additionalProperties")) }
        if !named.isEmpty || !patterns.isEmpty || additional != nil {
            let keyword = additional != nil ? "additionalProperties" : keywords["properties"] != nil ? "properties" : "patternProperties"
            add(keyword, .properties(named: named, patterns: patterns, additional: additional))
        }
        if let names = keywords["propertyNames"] { add("propertyNames", .propertyNames(try schema(names, at: reader.location("propertyNames")))) }

        for keyword in ["allOf", "anyOf", "oneOf"] {
            guard let list = try reader.array(keyword) else { continue }
            guard !list.isEmpty else { throw JSONSchemaError(pointer: reader.location(keyword), reason: "must list at least one schema") }
            var indexes: [Int] = []
            for (position, subschema) in list.enumerated() { indexes.append(try schema(subschema, at: reader.location(keyword, String(position)))) }
            add(keyword, keyword == "allOf" ? .allOf(indexes) : keyword == "anyOf" ? .anyOf(indexes) : .oneOf(indexes))
        }
        if let negated = keywords["not"] { add("not", .not(try schema(negated, at: reader.location("not")))) }
        var branches: [String: Int] = [:]
        for keyword in ["if", "then", "else"] {
            if let subschema = keywords[keyword] { branches[keyword] = try schema(subschema, at: reader.location(keyword)) }
        }
        if let condition = branches["if"] { add("if", .conditional(if: condition, then: branches["then"], else: branches["else"])) }

        // Draft-07 ignores every keyword beside a `$ref` (they are still checked above).
        if draft == .draft7, let reference { return .rules([reference]) }
        return .rules(rules)
    }

    /// `prefixItems` and `items` (2020-12), or `items` and `additionalItems` (draft-07).
    private mutating func items(_ reader: inout KeywordReader, _ add: (String, SchemaCheck) -> Void) throws(JSONSchemaError) {
        let items = reader.keywords["items"]
        switch draft {
        case .draft2020_12:
            var prefix: [Int] = []
            if let list = try reader.array("prefixItems") {
                guard !list.isEmpty else { throw JSONSchemaError(pointer: reader.location("prefixItems"), reason: "must list at least one schema") }
                for (position, subschema) in list.enumerated() { prefix.append(try schema(subschema, at: reader.location("prefixItems", String(position)))) }
            }
            let rest = try items.map { (value) throws(JSONSchemaError) in try schema(value, at: reader.location("items")) }
            if !prefix.isEmpty || rest != nil { add(rest != nil ? "items" : "prefixItems", .items(prefix: prefix, rest: rest)) }
        case .draft7:
            guard let items else { return }
            if case .array(let list) = items {
                guard !list.isEmpty else { throw JSONSchemaError(pointer: reader.location("items"), reason: "must list at least one schema") }
                var prefix: [Int] = []
                for (position, subschema) in list.enumerated() { prefix.append(try schema(subschema, at: reader.location("items", String(position)))) }
                let rest = try reader.keywords["additionalItems"].map { (value) throws(JSONSchemaError) in
                    try schema(value, at: reader.location("additionalItems"))
                }
                add(rest != nil ? "additionalItems" : "items", .items(prefix: prefix, rest: rest))
            } else {
                add("items", .items(prefix: [], rest: try schema(items, at: reader.location("items"))))
            }
        }
    }

    // MARK: - References

    /// The subschema a `$ref` names; an error when it names nothing in this document.
    private mutating func reference(_ text: String, at location: String) throws(JSONSchemaError) -> Int {
        var reference = Substring(text)
        if let rootID, !rootID.isEmpty, reference.hasPrefix(rootID) { reference = reference.dropFirst(rootID.count) }
        guard reference.isEmpty || reference.first == "#" else {
            throw JSONSchemaError(pointer: location, reason: "'\(text)' is outside this schema (only references within the document are supported)")
        }
        guard let fragment = SchemaPointer.percentDecoded(reference.dropFirst()) else {
            throw JSONSchemaError(pointer: location, reason: "'\(text)' has a bad percent-encoding")
        }
        var pointer = fragment
        if !fragment.isEmpty, !fragment.hasPrefix("/") {
            guard let anchored = anchors[fragment] else { throw JSONSchemaError(pointer: location, reason: "'\(text)' names no anchor in this schema") }
            pointer = anchored
        }
        guard let (value, canonical) = SchemaPointer.resolve(pointer, in: root) else {
            throw JSONSchemaError(pointer: location, reason: "'\(text)' points nowhere in this schema")
        }
        do {
            return try schema(value, at: canonical)
        } catch {
            throw JSONSchemaError(pointer: location, reason: "'\(text)' points at \(value.article), not a schema")
        }
    }

    /// Walks the document (iteratively) for `$anchor`s and draft-07 `$id: "#name"`s.
    private mutating func collectAnchors() {
        var stack: [(JSONValue, String)] = [(root, "")]
        while let (value, pointer) = stack.popLast() {
            switch value {
            case .object(let members):
                if case .string(let name)? = value[member: "$anchor"] { anchors[name] = pointer }
                if case .string(let id)? = value[member: "$id"], id.hasPrefix("#"), id.count > 1 { anchors[String(id.dropFirst())] = pointer }
                for member in members { stack.append((member.value, pointer + "/" + SchemaPointer.escape(member.name))) }
            case .array(let elements):
                for (position, element) in elements.enumerated() { stack.append((element, pointer + "/\(position)")) }
            default: break
            }
        }
    }
}

/// Reads one schema object's keywords, each checked for its type.
struct KeywordReader {
    let keywords: [String: JSONValue]
    let pointer: String

    func location(_ keyword: String, _ name: String? = nil) -> String {
        let base = pointer + "/" + SchemaPointer.escape(keyword)
        return name.map { base + "/" + SchemaPointer.escape($0) } ?? base
    }

    private func wrong(_ keyword: String, _ expected: String) -> JSONSchemaError {
        JSONSchemaError(pointer: location(keyword), reason: "must be \(expected), not \(keywords[keyword]!.article)")
    }

    func string(_ keyword: String) throws(JSONSchemaError) -> String? {
        guard let value = keywords[keyword] else { return nil }
        guard case .string(let text) = value else { throw wrong(keyword, "a string") }
        return text
    }

    func number(_ keyword: String) throws(JSONSchemaError) -> Double? {
        guard let value = keywords[keyword] else { return nil }
        guard case .number(let number) = value else {
            throw wrong(keyword, keyword.hasPrefix("exclusive") ? "a number (draft-04's boolean form is not read)" : "a number")
        }
        return number
    }

    func boolean(_ keyword: String) throws(JSONSchemaError) -> Bool? {
        guard let value = keywords[keyword] else { return nil }
        guard case .bool(let flag) = value else { throw wrong(keyword, "true or false") }
        return flag
    }

    /// A non-negative integer (`2.0` is one); huge ones are capped, nothing has that many parts.
    func count(_ keyword: String) throws(JSONSchemaError) -> Int? {
        guard let value = keywords[keyword] else { return nil }
        guard case .number(let number) = value, number >= 0, number.isFinite, number.rounded(.towardZero) == number else {
            throw wrong(keyword, "a non-negative integer")
        }
        return number < 1e15 ? Int(number) : 1_000_000_000_000_000
    }

    func array(_ keyword: String) throws(JSONSchemaError) -> [JSONValue]? {
        guard let value = keywords[keyword] else { return nil }
        guard case .array(let elements) = value else { throw wrong(keyword, "an array") }
        return elements
    }

    /// An object's members by name, the last of a repeated name winning (as lookups do).
    func object(_ keyword: String) throws(JSONSchemaError) -> [(String, JSONValue)] {
        guard let value = keywords[keyword] else { return [] }
        guard case .object(let members) = value else { throw wrong(keyword, "an object") }
        var seen: Set<String> = []
        return members.reversed().filter { seen.insert($0.name).inserted }.reversed().map { ($0.name, $0.value) }
    }

    func types() throws(JSONSchemaError) -> [SchemaType]? {
        guard let value = keywords["type"] else { return nil }
        func named(_ name: JSONValue) throws(JSONSchemaError) -> SchemaType {
            guard case .string(let text) = name, let type = SchemaType(rawValue: text) else {
                throw JSONSchemaError(pointer: location("type"), reason: "\(name.compactText(limit: 60)) is not a JSON Schema type")
            }
            return type
        }
        switch value {
        case .string: return [try named(value)]
        case .array(let names):
            guard !names.isEmpty else { throw JSONSchemaError(pointer: location("type"), reason: "must list at least one type") }
            var types: [SchemaType] = []
            for name in names {
                let type = try named(name)
                guard !types.contains(type) else { throw JSONSchemaError(pointer: location("type"), reason: "lists \(type.rawValue) twice") }
                types.append(type)
            }
            return types
        default: throw wrong("type", "a type name or a list of them")
        }
    }

    func regex(_ source: String, at location: String) throws(JSONSchemaError) -> SchemaRegex {
        do {
            return try SchemaRegex(source)
        } catch {
            throw JSONSchemaError(pointer: location, reason: "not a regular expression evmon can run: \(error.reason)")
        }
    }
}

extension JSONValue {
    /// `a number`, `an object`: for messages.
    var article: String {
        switch self {
        case .array, .object: return "an \(kindName)"
        default: return "a \(kindName)"
        }
    }
}
