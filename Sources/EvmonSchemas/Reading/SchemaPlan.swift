import EvmonModel

/// How one run reads records through schemas: framed keys and values through the schema
/// registry (when there is one), and the values of topics that have a local schema file
/// through that file.
///
/// A topic's local schema wins over framing: plain Avro data may well start with a zero byte
/// (a union's first branch), and the person who named the file for the topic said what it holds.
public struct SchemaPlan: Sendable {
    /// Whether framed keys and values are looked up in a registry.
    public var usesRegistry: Bool
    /// Value schemas by topic (`schemas:` in the config file).
    public var localSchemas: [String: ResolvedSchema]

    public init(usesRegistry: Bool, localSchemas: [String: ResolvedSchema] = [:]) {
        self.usesRegistry = usesRegistry
        self.localSchemas = localSchemas
    }

    /// Whether this plan reads anything at all (else records go by untouched).
    public var isEmpty: Bool { !usesRegistry && localSchemas.isEmpty }

    /// The registry ids the framed keys and values of `records` name: what must be looked up
    /// before they are decoded.
    public func schemaIDs(in records: [Record]) -> Set<UInt32> {
        guard usesRegistry else { return [] }
        var ids: Set<UInt32> = []
        for record in records {
            if let key = record.key, let frame = try? ConfluentFrame.read(key) { ids.insert(frame.schemaID) }
            if localSchemas[record.topic] == nil, let value = record.value, let frame = try? ConfluentFrame.read(value) {
                ids.insert(frame.schemaID)
            }
        }
        return ids
    }

    /// Sets `record.decoding` to what its key and value read as (left `nil` when no schema applies).
    public func decode(_ record: inout Record, lookup: (UInt32) -> SchemaLookup) {
        var key: DecodedPart?
        var value: DecodedPart?
        if usesRegistry, let bytes = record.key { key = SchemaReader.framed(bytes, lookup: lookup) }
        if let bytes = record.value {
            if let local = localSchemas[record.topic] {
                value = SchemaReader.plain(bytes, with: local)
            } else if usesRegistry {
                value = SchemaReader.framed(bytes, lookup: lookup)
            }
        }
        record.decoding = key == nil && value == nil ? nil : SchemaDecoding(key: key, value: value)
    }
}
