import EvmonModel
import Foundation

/// A schema file named for a topic in the config file (`schemas:`), read by its extension:
/// `.avsc` Avro, `.proto` Protobuf (its first message), `.json` a JSON Schema.
public enum LocalSchemaFile {
    /// The files `import "…";` names that exist beside `folder`, one level deep (enough for a
    /// file and the few it shares types with; the well-known types are built in).
    static func importedFiles(of text: [UInt8], in folder: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let source = String(decoding: text, as: UTF8.self)
        for line in source.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("import") {
            let parts = line.split(separator: "\"")
            guard parts.count >= 2 else { continue }
            let name = String(parts[1])
            if let data = FileManager.default.contents(atPath: folder + "/" + name) { files[name] = [UInt8](data) }
        }
        return files
    }

    /// Reads and parses `path`; a file that cannot be read or parsed is a usage error (exit 2)
    /// naming it, since every value of its topic would otherwise show an error instead.
    public static func load(_ path: String, topic: String) throws(EvmonError) -> ResolvedSchema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("schemas: \(topic): cannot read \(path)")
        }
        let text = [UInt8](data)
        let label: (SchemaLabel.Kind) -> SchemaLabel = { SchemaLabel(kind: $0, file: (path as NSString).lastPathComponent) }
        switch (path as NSString).pathExtension.lowercased() {
        case "avsc":
            do {
                return ResolvedSchema(label: label(.avro), compiled: .avro(try AvroSchema.parse(text)))
            } catch {
                throw .usage("schemas: \(topic): \(path): \(error.reason)")
            }
        case "proto":
            do {
                // Imports other than the well-known types are read from the file's folder.
                let folder = (path as NSString).deletingLastPathComponent
                return ResolvedSchema(label: label(.protobuf), compiled: .protobuf(try ProtoSchema.parse(text, imports: importedFiles(of: text, in: folder))))
            } catch {
                throw .usage("schemas: \(topic): \(path): \(error.reason)")
            }
        case "json":
            do {
                return ResolvedSchema(label: label(.json), compiled: .json(try JSONSchema.parse(text)))
            } catch {
                throw .usage("schemas: \(topic): \(path): \(error.description)")
            }
        default:
            throw .usage("schemas: \(topic): \(path): expected a .avsc, .proto or .json schema file")
        }
    }
}
