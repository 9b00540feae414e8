import Foundation
import Yams
import EvmonModel

extension Configuration {
    /// A profile's schema registry: `schema_registry: URL`, or `{url: URL, ca: FILE}` when an
    /// https registry's certificate is signed by a CA of its own.
    public struct SchemaRegistrySetting: Equatable, Sendable {
        public var url: String
        public var caFile: String?

        public init(url: String, caFile: String? = nil) {
            self.url = url
            self.caFile = caFile
        }
    }

    static func schemaRegistry(_ node: Node, path: String) throws(EvmonError) -> SchemaRegistrySetting {
        if let url = node.string, !url.isEmpty { return SchemaRegistrySetting(url: url) }
        guard let mapping = node.mapping else { throw .usage("\(path):\(line(node)): schema_registry must be a URL or a mapping of url and ca") }
        var url: String?
        var caFile: String?
        for (key, value) in mapping {
            switch key.string {
            case "url":
                guard let text = value.string, !text.isEmpty else { throw .usage("\(path):\(line(value)): schema_registry.url must be a URL") }
                url = text
            case "ca":
                guard let file = value.string, !file.isEmpty else { throw .usage("\(path):\(line(value)): schema_registry.ca must name a file") }
                caFile = ProfileSecurity.expandingHome(file)
            default:
                throw .usage("\(path):\(line(key)): unknown key '\(key.string ?? "")' in schema_registry (expected url, ca)")
            }
        }
        guard let url else { throw .usage("\(path):\(line(node)): schema_registry has no url") }
        return SchemaRegistrySetting(url: url, caFile: caFile)
    }

    /// `schemas:`: topic → schema file (`.avsc`, `.proto`, `.json`), for values written without
    /// a registry's framing. A relative path is read from the config file's folder.
    static func schemas(_ node: Node, path: String) throws(EvmonError) -> [String: String] {
        guard let mapping = node.mapping else { throw .usage("\(path):\(line(node)): 'schemas' must be a mapping of topics to schema files") }
        let folder = (path as NSString).deletingLastPathComponent
        var files: [String: String] = [:]
        for (key, value) in mapping {
            guard let topic = key.string, !topic.isEmpty else { throw .usage("\(path):\(line(key)): a schemas entry must name a topic") }
            guard let file = value.string, !file.isEmpty else { throw .usage("\(path):\(line(value)): the schema of topic '\(topic)' must name a file") }
            let expanded = ProfileSecurity.expandingHome(file)
            files[topic] = expanded.hasPrefix("/") || folder.isEmpty ? expanded : folder + "/" + expanded
        }
        return files
    }
}
