import Foundation
import Yams
import EvmonModel
import EvmonSchemas
import EvmonWatches

/// Turns the YAML of one watch into a `WatchDefinition`, reporting mistakes at `file:line:column`.
struct WatchReader {
    let path: String
    static let commonKeys = ["name", "topic", "where", "non_json"]

    func error(at node: Node, _ message: String) -> EvmonError {
        .usage("\(path):\(node.location): \(message)")
    }

    func watch(_ node: Node) throws(EvmonError) -> WatchDefinition {
        guard let mapping = node.mapping else { throw error(at: node, "each watch must be a mapping (name, topic, and one kind)") }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard Self.commonKeys.contains(name) || WatchKind.keys.contains(name) else {
                throw error(at: key, "unknown key '\(name)' (expected \(Self.commonKeys.joined(separator: ", ")) and one kind: \(WatchKind.keys.joined(separator: ", ")))")
            }
            fields[name] = (key, value)
        }
        guard let nameNode = fields["name"]?.value, let name = nameNode.scalar?.string, !name.isEmpty else {
            throw error(at: node, "this watch has no name")
        }
        let label = "watch '\(name)'"
        let kinds = WatchKind.keys.filter { fields[$0] != nil }
        guard let kindKey = kinds.first else {
            throw error(at: node, "\(label) has no kind (add one of \(WatchKind.keys.joined(separator: ", ")))")
        }
        guard kinds.count == 1 else {
            throw error(at: fields[kinds[1]]!.key, "\(label) has two kinds, \(kinds[0]) and \(kinds[1]); write one watch for each")
        }
        var topics: [String] = []
        if let topicNode = fields["topic"]?.value {
            if let list = topicNode.sequence {
                topics = try list.map { (item) throws(EvmonError) in try string(item, "topic", label) }
            } else {
                topics = [try string(topicNode, "topic", label)]
            }
        }
        let whereExpression = try fields["where"].map { (field) throws(EvmonError) in try string(field.value, "where", label) }
        var nonJSON = WatchDefinition.NonJSONPolicy.fail
        if let field = fields["non_json"] {
            guard let text = field.value.scalar?.string, let policy = WatchDefinition.NonJSONPolicy(rawValue: text) else {
                throw error(at: field.value, "\(label): non_json must be fail or skip")
            }
            nonJSON = policy
        }
        let kindNode = fields[kindKey]!.value
        let kind = try self.kind(kindKey, kindNode, label)
        if case .lag = kind {
            if let topicField = fields["topic"] { throw error(at: topicField.key, "\(label): a lag watch reads a group, not a topic") }
            if let whereField = fields["where"] { throw error(at: whereField.key, "\(label): a lag watch judges polls, not messages; it takes no where") }
        } else if topics.isEmpty {
            throw error(at: node, "\(label) has no topic")
        }
        return WatchDefinition(
            name: name, topics: topics, where: whereExpression, nonJSON: nonJSON, kind: kind,
            origin: "\(path):\(node.location)")
    }

    private func kind(_ key: String, _ node: Node, _ label: String) throws(EvmonError) -> WatchKind {
        switch key {
        case "require":
            let items = node.sequence.map(Array.init) ?? [node]
            let paths = try items.map { (item) throws(EvmonError) in try string(item, "require", label) }
            for (item, text) in zip(items, paths) { _ = try selector(text, at: item, label) }
            guard !paths.isEmpty else { throw error(at: node, "\(label): require needs at least one path") }
            return .require(paths)
        case "expect":
            return .expect(try string(node, "expect", label))
        case "unique":
            if node.scalar != nil { return .unique(key: try selector(try string(node, "unique", label), at: node, label), withinMilliseconds: nil) }
            let fields = try options(node, allowed: ["key", "within"], required: ["key"], "unique", label)
            return .unique(
                key: try selector(try string(fields["key"]!, "key", label), at: fields["key"]!, label),
                withinMilliseconds: try fields["within"].map { (value) throws(EvmonError) in try duration(value, label) })
        case "ordered":
            let fields = try options(node, allowed: ["by", "per"], required: ["by"], "ordered", label)
            let per = try fields["per"].map { (value) throws(EvmonError) in try selector(try string(value, "per", label), at: value, label) } ?? .key
            return .ordered(by: try selector(try string(fields["by"]!, "by", label), at: fields["by"]!, label), per: per)
        case "followed_by", "not_followed_by":
            let fields = try options(node, allowed: ["topic", "where", "match", "within"], required: ["topic", "match", "within"], key, label)
            let rule = FollowRule(
                topic: try string(fields["topic"]!, "topic", label),
                where: try fields["where"].map { (value) throws(EvmonError) in try string(value, "where", label) },
                match: try selector(try string(fields["match"]!, "match", label), at: fields["match"]!, label),
                withinMilliseconds: try duration(fields["within"]!, label))
            return key == "followed_by" ? .followedBy(rule) : .notFollowedBy(rule)
        case "empty":
            guard node.bool == true else { throw error(at: node, "\(label): write empty: true") }
            return .empty
        case "lag":
            let fields = try options(node, allowed: ["group", "max"], required: ["group", "max"], "lag", label)
            guard let maximum = fields["max"]!.int, maximum >= 0 else { throw error(at: fields["max"]!, "\(label): lag max must be a whole number ≥ 0") }
            return .lag(group: try string(fields["group"]!, "group", label), max: Int64(maximum))
        case "rate":
            let fields = try options(node, allowed: ["min", "max", "per"], required: [], "rate", label)
            var bounds: [String: Int] = [:]
            for bound in ["min", "max"] {
                guard let value = fields[bound] else { continue }
                guard let number = value.int, number >= 0 else { throw error(at: value, "\(label): rate \(bound) must be a whole number ≥ 0") }
                bounds[bound] = number
            }
            guard !bounds.isEmpty else { throw error(at: node, "\(label): rate needs min, max or both") }
            if let low = bounds["min"], let high = bounds["max"], low > high { throw error(at: node, "\(label): rate min \(low) is above max \(high)") }
            let interval = try fields["per"].map { (value) throws(EvmonError) in try duration(value, label) } ?? 60_000
            return .rate(min: bounds["min"], max: bounds["max"], perMilliseconds: interval)
        case "schema":
            switch node.scalar?.string {
            case "cloudevents": return .cloudEvents
            case "registry": return .registeredSchema
            case let file? where file.lowercased().hasSuffix(".json"): return .jsonSchema(try jsonSchema(file, at: node, label))
            default:
                throw error(at: node, "\(label): unknown schema '\(node.scalar?.string ?? "?")' (known: cloudevents, registry, or a JSON Schema FILE.json)")
            }
        default:
            throw error(at: node, "\(label): unknown kind '\(key)'")
        }
    }

    /// A `schema: FILE.json` contract, read from beside the watch file unless its path is absolute.
    private func jsonSchema(_ file: String, at node: Node, _ label: String) throws(EvmonError) -> JSONSchemaContract {
        let folder = (path as NSString).deletingLastPathComponent
        let resolved = file.hasPrefix("/") || folder.isEmpty ? file : folder + "/" + file
        guard let data = FileManager.default.contents(atPath: resolved) else { throw error(at: node, "\(label): cannot read the JSON Schema \(resolved)") }
        do {
            return JSONSchemaContract(file: file, schema: try JSONSchema.parse([UInt8](data)))
        } catch {
            throw self.error(at: node, "\(label): \(file): \(error.description)")
        }
    }

    private func options(_ node: Node, allowed: [String], required: [String], _ kind: String, _ label: String) throws(EvmonError) -> [String: Node] {
        guard let mapping = node.mapping else {
            throw error(at: node, "\(label): \(kind) takes a mapping of \(allowed.joined(separator: ", "))")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                throw error(at: key, "\(label): unknown key '\(name)' in \(kind) (expected \(allowed.joined(separator: ", ")))")
            }
            fields[name] = value
        }
        for name in required where fields[name] == nil {
            throw error(at: node, "\(label): \(kind) needs \(name)")
        }
        return fields
    }

    private func string(_ node: Node, _ what: String, _ label: String) throws(EvmonError) -> String {
        guard let text = node.scalar?.string, !text.isEmpty else { throw error(at: node, "\(label): \(what) must be a non-empty text") }
        return text
    }

    private func selector(_ text: String, at node: Node, _ label: String) throws(EvmonError) -> RecordSelector {
        do {
            return try RecordSelector(parsing: text)
        } catch {
            throw self.error(at: node, "\(label): \(error)")
        }
    }

    private func duration(_ node: Node, _ label: String) throws(EvmonError) -> Int64 {
        do {
            return try WatchDuration.milliseconds(parsing: node.scalar?.string ?? "")
        } catch {
            throw self.error(at: node, "\(label): \(error)")
        }
    }
}
