import EvmonModel
import Foundation

/// A schema file named for a topic in the config file (`schemas:`), read by its extension:
/// `.avsc` Avro, `.proto` Protobuf, `.json` a JSON Schema.
public enum LocalSchemaFile {
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
        case "json":
            return ResolvedSchema(label: label(.json), compiled: .json)
        default:
            throw .usage("schemas: \(topic): \(path): expected a .avsc, .proto or .json schema file")
        }
    }
}
