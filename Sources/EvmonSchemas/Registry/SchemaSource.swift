import EvmonModel

/// Where registry schemas come from: the Confluent REST API of a schema registry, or the demo
/// broker's own, in process.
public protocol SchemaSource: Sendable {
    /// The schema registered under `id` (`GET /schemas/ids/{id}`).
    func schema(id: UInt32) async throws(RegistryError) -> RegisteredSchema
    /// A version of a subject (`GET /subjects/{subject}/versions/{version}`): how references
    /// name the schemas they use.
    func schema(subject: String, version: Int) async throws(RegistryError) -> RegisteredSchema
    /// A subject and version `id` is filed under (`GET /schemas/ids/{id}/versions`), for the
    /// detail pane's header; `nil` when the registry does not say.
    func filing(of id: UInt32) async -> (subject: String, version: Int)?
    /// Where the schemas come from, for messages (`http://registry:8081`).
    var displayURL: String { get }
}

/// A schema as a registry stores it: its language, its text, and the other schemas it refers to.
public struct RegisteredSchema: Sendable, Equatable {
    public var kind: SchemaLabel.Kind
    /// The schema text: Avro's JSON, a `.proto` file, a JSON Schema.
    public var text: String
    public var references: [SchemaReference]

    public init(kind: SchemaLabel.Kind, text: String, references: [SchemaReference] = []) {
        self.kind = kind
        self.text = text
        self.references = references
    }
}

/// One schema a registered schema refers to: by `name` (an Avro type's full name, a `.proto`
/// import path, a JSON Schema `$ref` URL) it is the subject's version.
public struct SchemaReference: Sendable, Equatable {
    public var name: String
    public var subject: String
    public var version: Int

    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}

/// Why a schema could not be had from the registry.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether asking again later may succeed (the registry could not be reached or failed),
    /// as opposed to an answer that will not change (no such id, a schema evmon cannot parse).
    public var isTransient: Bool
    public var reason: String

    public init(_ reason: String, transient: Bool) {
        self.reason = reason
        self.isTransient = transient
    }

    public var description: String { reason }
}

/// A broker that brings its own registry (the demo broker, for its Avro topic).
public protocol EmbeddedSchemaRegistry {
    /// Its registry, or `nil` when it has no framed topic.
    var schemaSource: (any SchemaSource)? { get }
}
