import EvmonModel

/// A schema ready to read values with: parsed once per run (per registry id, or per local file),
/// then used for every message that names it.
public struct ResolvedSchema: Sendable {
    /// What the detail pane and `tail --format json` say about it.
    public var label: SchemaLabel
    public var compiled: CompiledSchema

    public init(label: SchemaLabel, compiled: CompiledSchema) {
        self.label = label
        self.compiled = compiled
    }
}

/// A parsed schema, by language.
public enum CompiledSchema: Sendable {
    case avro(AvroSchema)
    /// A `.proto` file (its imports resolved); framed values name their message by indexes,
    /// plain ones are the file's first message.
    case protobuf(ProtoSchema)
    /// JSON values: the bytes are the JSON already, checked against the JSON Schema when evmon
    /// could read it (`nil`: a schema it could not, so values are shown unchecked).
    case json(JSONSchema?)
}

/// What a registry lookup of one schema id came to.
public enum SchemaLookup: Sendable {
    case resolved(ResolvedSchema)
    /// The registry does not have it, could not be reached (`transient`: asked again later), or
    /// sent a schema evmon cannot parse: the values stay raw, with this reason beside them.
    case failed(reason: String, transient: Bool)
}
