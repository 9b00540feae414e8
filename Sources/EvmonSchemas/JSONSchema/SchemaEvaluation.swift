import EvmonJSON

/// One validation: applies subschemas to a value, collecting violations up to a limit.
///
/// Subschemas whose outcome only decides another keyword (`anyOf`, `oneOf`, `not`, `if`,
/// `contains`, `propertyNames`…) are applied without collecting, stopping at their first
/// failure. Depth and steps are bounded (`JSONSchema.maximumDepth`, `maximumSteps`).
struct SchemaEvaluation {
    private let nodes: [SchemaNode]
    private let limit: Int
    private var violations: [JSONSchemaViolation] = []
    private var path: [JSONPath.Component] = []
    private var depth = 0
    private var steps = JSONSchema.maximumSteps
    /// Why evaluation stopped early (depth or steps), reported once.
    private var stopped: JSONSchemaViolation?

    init(nodes: [SchemaNode], limit: Int) {
        self.nodes = nodes
        self.limit = limit
    }

    mutating func run(_ value: JSONValue) -> [JSONSchemaViolation] {
        _ = apply(0, to: value, collecting: true)
        if let stopped {
            if violations.count >= limit { violations.removeLast() }
            violations.append(stopped)
        }
        return violations
    }

    private var isFull: Bool { violations.count >= limit || stopped != nil }

    /// Whether `value` (at `path`) satisfies subschema `index`; when `collecting`, each failure
    /// is recorded.
    private mutating func apply(_ index: Int, to value: JSONValue, collecting: Bool) -> Bool {
        guard stopped == nil else { return false }
        steps -= 1
        guard steps > 0 else {
            stop(nodes[index].pointer, "validation stopped after \(JSONSchema.maximumSteps) steps (the schema asks for too much work)")
            return false
        }
        let node = nodes[index]
        switch node.body {
        case .always(true): return true
        case .always(false):
            if collecting { record(node.pointer, "no value is allowed here (the schema is false)") }
            return false
        case .rules(let rules):
            depth += 1
            defer { depth -= 1 }
            guard depth <= JSONSchema.maximumDepth else {
                stop(node.pointer, "subschemas nest deeper than \(JSONSchema.maximumDepth) levels here (a recursive $ref)")
                return false
            }
            var valid = true
            for rule in rules {
                if !check(rule, value, collecting: collecting) {
                    valid = false
                    if !collecting || isFull { return false }
                }
            }
            return valid
        }
    }

    private mutating func record(_ keyword: String, _ reason: String) {
        guard violations.count < limit else { return }
        violations.append(JSONSchemaViolation(path: JSONPath(components: path), keyword: keyword, reason: reason))
    }

    private mutating func stop(_ keyword: String, _ reason: String) {
        guard stopped == nil else { return }
        stopped = JSONSchemaViolation(path: JSONPath(components: path), keyword: keyword, reason: reason)
    }

    /// Applies a subschema to a part of the value (`component` pushed onto the path).
    private mutating func apply(_ index: Int, to value: JSONValue, at component: JSONPath.Component, collecting: Bool) -> Bool {
        path.append(component)
        defer { path.removeLast() }
        return apply(index, to: value, collecting: collecting)
    }

    // MARK: - Keywords

    private mutating func check(_ rule: SchemaRule, _ value: JSONValue, collecting: Bool) -> Bool {
        let at = rule.location
        func fail(_ reason: @autoclosure () -> String) -> Bool {
            if collecting { record(at, reason()) }
            return false
        }
        switch rule.check {
        case .types(let types):
            if types.contains(where: { $0.matches(value) }) { return true }
            let names = types.map { $0 == .null ? "null" : "\($0 == .integer || $0 == .object || $0 == .array ? "an" : "a") \($0.rawValue)" }
            return fail("expected \(Self.list(names, "or")), got \(Self.show(value))")
        case .enumeration(let values, let original):
            let normal = SchemaEquality.normalized(value)
            if values.contains(normal) { return true }
            return fail("\(Self.show(value)) is not one of \(JSONValue.array(original).compactText(limit: 100))")
        case .constant(let expected, let original):
            if SchemaEquality.normalized(value) == expected { return true }
            return fail("expected \(Self.show(original)), got \(Self.show(value))")
        case .minimum(let bound, let exclusive):
            guard case .number(let number) = value else { return true }
            if exclusive ? number > bound : number >= bound { return true }
            return fail("\(Self.show(value)) is \(exclusive ? "not above" : "below") the minimum of \(JSONValue.numberText(bound))")
        case .maximum(let bound, let exclusive):
            guard case .number(let number) = value else { return true }
            if exclusive ? number < bound : number <= bound { return true }
            return fail("\(Self.show(value)) is \(exclusive ? "not below" : "above") the maximum of \(JSONValue.numberText(bound))")
        case .multipleOf(let divisor):
            guard case .number(let number) = value, !SchemaDecimal.isMultiple(number, of: divisor) else { return true }
            return fail("\(Self.show(value)) is not a multiple of \(JSONValue.numberText(divisor))")
        case .minLength(let count):
            guard case .string(let text) = value else { return true }
            let length = text.unicodeScalars.count
            return length >= count || fail("\(Self.show(value)) is \(length) characters, fewer than \(count)")
        case .maxLength(let count):
            guard case .string(let text) = value else { return true }
            let length = text.unicodeScalars.count
            return length <= count || fail("\(Self.show(value)) is \(length) characters, more than \(count)")
        case .pattern(let regex):
            guard case .string(let text) = value else { return true }
            guard let found = regex.search(text, budget: &steps) else {
                stop(at, "validation stopped after \(JSONSchema.maximumSteps) steps (the schema asks for too much work)")
                return false
            }
            return found || fail("\(Self.show(value)) does not match \(regex.source)")
        case .format(let format):
            guard case .string(let text) = value, !SchemaFormats.check(format, text) else { return true }
            return fail("\(Self.show(value)) is not \(SchemaFormats.describe(format))")
        case .minItems(let count):
            guard case .array(let elements) = value else { return true }
            return elements.count >= count || fail("\(elements.count) items, fewer than \(count)")
        case .maxItems(let count):
            guard case .array(let elements) = value else { return true }
            return elements.count <= count || fail("\(elements.count) items, more than \(count)")
        case .uniqueItems:
            guard case .array(let elements) = value else { return true }
            steps -= elements.count
            var seen: [JSONValue: Int] = [:]
            for (position, element) in elements.enumerated() {
                if let first = seen.updateValue(position, forKey: SchemaEquality.normalized(element)) {
                    return fail("items \(first) and \(position) are equal (\(Self.show(element)))")
                }
            }
            return true
        case .items(let prefix, let rest):
            guard case .array(let elements) = value else { return true }
            var valid = true
            for (position, element) in elements.enumerated() {
                let index: Int
                if position < prefix.count {
                    index = prefix[position]
                } else if let rest {
                    index = rest
                } else {
                    break
                }
                if !apply(index, to: element, at: .index(position), collecting: collecting) {
                    valid = false
                    if !collecting || isFull { return false }
                }
            }
            return valid
        case .contains(let index, let minimum, let maximum):
            guard case .array(let elements) = value else { return true }
            var matches = 0
            for (position, element) in elements.enumerated() where apply(index, to: element, at: .index(position), collecting: false) {
                matches += 1
            }
            if matches < minimum { return fail("\(matches == 0 ? "no" : "only \(matches)") items match contains, at least \(minimum) must") }
            if let maximum, matches > maximum { return fail("\(matches) items match contains, at most \(maximum) may") }
            return true
        case .minProperties(let count):
            guard case .object = value else { return true }
            let present = Self.names(of: value).count
            return present >= count || fail("\(present) properties, fewer than \(count)")
        case .maxProperties(let count):
            guard case .object = value else { return true }
            let present = Self.names(of: value).count
            return present <= count || fail("\(present) properties, more than \(count)")
        case .required(let names):
            guard case .object = value else { return true }
            var valid = true
            for name in names where value[member: name] == nil {
                valid = fail("missing required property \(Self.show(.string(name)))")
                if !collecting || isFull { return false }
            }
            return valid
        case .properties(let named, let patterns, let additional):
            return properties(value, named: named, patterns: patterns, additional: additional, at: at, collecting: collecting)
        case .propertyNames(let index):
            guard case .object = value else { return true }
            for name in Self.names(of: value) where !apply(index, to: .string(name), collecting: false) {
                return fail("property name \(Self.show(.string(name))) does not fit propertyNames")
            }
            return true
        case .allOf(let indexes):
            var valid = true
            for index in indexes where !apply(index, to: value, collecting: collecting) {
                valid = false
                if !collecting || isFull { return false }
            }
            return valid
        case .anyOf(let indexes):
            for index in indexes where apply(index, to: value, collecting: false) { return true }
            return fail("matches none of the \(indexes.count) schemas of anyOf\(firstReason(indexes, value))")
        case .oneOf(let indexes):
            var matching: [Int] = []
            for (position, index) in indexes.enumerated() where apply(index, to: value, collecting: false) { matching.append(position) }
            if matching.count == 1 { return true }
            if matching.isEmpty { return fail("matches none of the \(indexes.count) schemas of oneOf\(firstReason(indexes, value))") }
            return fail("matches \(matching.count) schemas of oneOf (\(matching.map(String.init).joined(separator: ", "))), not exactly one")
        case .not(let index):
            return !apply(index, to: value, collecting: false) || fail("\(Self.show(value)) must not match the schema of not")
        case .conditional(let condition, let then, let otherwise):
            let branch = apply(condition, to: value, collecting: false) ? then : otherwise
            guard let branch else { return true }
            return apply(branch, to: value, collecting: collecting)
        case .reference(let index):
            return apply(index, to: value, collecting: collecting)
        }
    }

    private mutating func properties(
        _ value: JSONValue, named: [String: Int], patterns: [(SchemaRegex, Int)], additional: Int?, at keyword: String, collecting: Bool
    ) -> Bool {
        guard case .object = value else { return true }
        var valid = true
        for name in Self.names(of: value) {
            let member = value[member: name]!
            var matched = false
            if let index = named[name] {
                matched = true
                if !apply(index, to: member, at: .member(name), collecting: collecting) { valid = false }
            }
            for (regex, index) in patterns {
                guard let found = regex.search(name, budget: &steps) else {
                    stop(keyword, "validation stopped after \(JSONSchema.maximumSteps) steps (the schema asks for too much work)")
                    return false
                }
                guard found else { continue }
                matched = true
                if !apply(index, to: member, at: .member(name), collecting: collecting) { valid = false }
            }
            if !matched, let additional {
                if case .always(false) = nodes[additional].body {
                    // The common `additionalProperties: false` says which property, at the object.
                    if collecting { record(keyword, "unexpected property \(Self.show(.string(name)))") }
                    valid = false
                } else if !apply(additional, to: member, at: .member(name), collecting: collecting) {
                    valid = false
                }
            }
            if !valid, !collecting || isFull { return false }
        }
        return valid
    }

    /// `: first, expected a string, got 5`: why the first of a list of schemas failed.
    private mutating func firstReason(_ indexes: [Int], _ value: JSONValue) -> String {
        guard let first = indexes.first else { return "" }
        var inner = SchemaEvaluation(nodes: nodes, limit: 1)
        inner.path = path
        inner.depth = depth
        inner.steps = steps
        _ = inner.apply(first, to: value, collecting: true)
        steps = inner.steps
        guard let reason = inner.violations.first, inner.stopped == nil else { return "" }
        let place = reason.path == JSONPath(components: path) ? "" : "\(reason.path) "
        return " (the first: \(place)\(reason.reason))"
    }

    /// An object's member names, each once, in document order.
    private static func names(of value: JSONValue) -> [String] {
        guard case .object(let members) = value else { return [] }
        var seen: Set<String> = []
        return members.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    static func show(_ value: JSONValue) -> String { value.compactText(limit: 60) }

    static func list(_ items: [String], _ conjunction: String) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }
}
