import EvmonModel

/// Parses a registered schema, fetching the schemas it refers to first (each reference's own
/// references before it, as a registry resolves them), at most `maximumReferences` in all so
/// that a registry answering with a cycle or an endless chain cannot keep evmon asking.
enum RegistrySchemaCompiler {
    static let maximumReferences = 64

    static func compile(_ schema: RegisteredSchema, from source: any SchemaSource) async throws(RegistryError) -> CompiledSchema {
        var visited: [String: RegisteredSchema] = [:]
        var order: [(name: String, schema: RegisteredSchema)] = []
        try await collect(schema.references, from: source, visited: &visited, order: &order, depth: 0)
        switch schema.kind {
        case .avro:
            var parsed: [AvroSchema] = []
            do throws(AvroError) {
                for (_, reference) in order {
                    guard reference.kind == .avro else { throw AvroError("a reference to a \(reference.kind.rawValue) schema") }
                    parsed.append(try AvroSchema.parse(Array(reference.text.utf8), references: parsed))
                }
                return .avro(try AvroSchema.parse(Array(schema.text.utf8), references: parsed))
            } catch {
                throw RegistryError("its Avro schema cannot be read: \(error.reason)", transient: false)
            }
        case .json:
            // A JSON value reads as JSON whatever its schema; a schema evmon cannot read only
            // leaves the values unchecked.
            return .json(try? JSONSchema.parse(Array(schema.text.utf8)))
        case .protobuf:
            // Imports name the referenced files by their reference names (`other.proto`).
            var imports: [String: [UInt8]] = [:]
            for (name, reference) in order { imports[name] = Array(reference.text.utf8) }
            do {
                return .protobuf(try ProtoSchema.parse(Array(schema.text.utf8), imports: imports))
            } catch {
                throw RegistryError("its Protobuf schema cannot be read: \(error.reason)", transient: false)
            }
        }
    }

    /// Depth first: a reference's references come before it in `order`.
    private static func collect(
        _ references: [SchemaReference], from source: any SchemaSource, visited: inout [String: RegisteredSchema],
        order: inout [(name: String, schema: RegisteredSchema)], depth: Int
    ) async throws(RegistryError) {
        for reference in references {
            let key = "\(reference.subject)\u{0}\(reference.version)"
            guard visited[key] == nil else { continue }
            guard visited.count < maximumReferences, depth < maximumReferences else {
                throw RegistryError("more than \(maximumReferences) schema references", transient: false)
            }
            let referenced = try await source.schema(subject: reference.subject, version: reference.version)
            visited[key] = referenced
            try await collect(referenced.references, from: source, visited: &visited, order: &order, depth: depth + 1)
            order.append((reference.name, referenced))
        }
    }
}
