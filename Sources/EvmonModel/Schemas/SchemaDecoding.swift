/// What evmon made of a record's key and value through their schemas (a schema registry's
/// framed values, or a local schema file for a topic): the JSON that filters, watches, traces
/// and the detail pane read, beside the exact bytes, which stay in the record untouched.
///
/// A class, so that a record carries one reference whether or not it was decoded: records are
/// copied through every buffer, and most have no schema.
public final class SchemaDecoding: Sendable, Equatable {
    /// The key's reading, when the key was framed or its topic has a key schema.
    public let key: DecodedPart?
    /// The value's reading.
    public let value: DecodedPart?

    public init(key: DecodedPart?, value: DecodedPart?) {
        self.key = key
        self.value = value
    }

    public static func == (lhs: SchemaDecoding, rhs: SchemaDecoding) -> Bool {
        lhs === rhs || (lhs.key == rhs.key && lhs.value == rhs.value)
    }

    /// Bytes the decoded JSON holds, counted with the record's own bytes when buffers are bounded.
    public var byteCount: Int { (key?.json?.count ?? 0) + (value?.json?.count ?? 0) }
}

/// One key or value read through a schema.
public struct DecodedPart: Sendable, Equatable {
    /// Which schema (as far as known: an unreachable registry leaves only the id).
    public var schema: SchemaLabel
    /// The value as JSON text; `nil` when it could not be decoded.
    public var json: [UInt8]?
    /// Why it could not be decoded, or, for a value that decoded, how it breaks its schema (a
    /// JSON Schema's rules); `nil` when all is well.
    public var failure: String?

    public init(schema: SchemaLabel, json: [UInt8]?, failure: String? = nil) {
        self.schema = schema
        self.json = json
        self.failure = failure
    }
}

/// Which schema a key or value was read with, as the detail pane's header and `tail --format
/// json`'s `"schema"` member name it.
public struct SchemaLabel: Sendable, Equatable {
    /// The schema's language, in the registry's own words.
    public enum Kind: String, Sendable, CaseIterable {
        case avro = "AVRO"
        case protobuf = "PROTOBUF"
        case json = "JSON"
    }

    /// The registry's id (framed values); `nil` for a local schema file.
    public var id: UInt32?
    /// The language; `nil` while the registry has not said (it could not be reached).
    public var kind: Kind?
    /// The subject and version the registry files this schema under, when it said.
    public var subject: String?
    public var version: Int?
    /// The local schema file (`schemas:` in the config file) a value was read with.
    public var file: String?
    /// Protobuf: the message type decoded (the frame's message indexes name it).
    public var messageName: String?

    public init(id: UInt32? = nil, kind: Kind? = nil, subject: String? = nil, version: Int? = nil, file: String? = nil, messageName: String? = nil) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.version = version
        self.file = file
        self.messageName = messageName
    }

    /// `AVRO id 12 orders-value v3`, `PROTOBUF file orders.proto (shop.Order)`: for people.
    public var summary: String {
        var parts = [kind?.rawValue ?? "schema"]
        if let id { parts.append("id \(id)") }
        if let subject { parts.append(version.map { "\(subject) v\($0)" } ?? subject) }
        if let file { parts.append("file \(file)") }
        if let messageName { parts.append("(\(messageName))") }
        return parts.joined(separator: " ")
    }
}

extension Record {
    /// The value as evmon's JSON tools read it (filters, watches, traces, the detail pane): the
    /// decoded JSON when a schema decoded it, else the bytes as they are.
    public var readableValue: [UInt8]? { decoding?.value?.json ?? value }

    /// The key as evmon's JSON tools read it, as `readableValue`.
    public var readableKey: [UInt8]? { decoding?.key?.json ?? key }
}
