import JQ
import EvmonJSON
import EvmonModel
import EvmonSchemas

/// A JSON Schema file a `schema: FILE` watch checks values against: the contract an async-API
/// test asserts. Equal by file, which is what a watch file names.
public struct JSONSchemaContract: Sendable, Equatable {
    /// The file as the watch file names it.
    public let file: String
    public let schema: JSONSchema

    public init(file: String, schema: JSONSchema) {
        self.file = file
        self.schema = schema
    }

    public static func == (lhs: JSONSchemaContract, rhs: JSONSchemaContract) -> Bool { lhs.file == rhs.file }
}

/// `schema: FILE.json`: every value (its decoded JSON when a schema decoded it) is valid against
/// the JSON Schema; a failure names the first few violations with their paths.
final class JSONSchemaEvaluator: WatchEvaluator {
    let needsJSON = true
    private let contract: JSONSchemaContract

    init(_ contract: JSONSchemaContract) {
        self.contract = contract
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        guard let json else { return }
        let violations = contract.schema.validate(json, limit: 3)
        guard let first = violations.first else { return }
        let why = "does not match \(contract.file): " + violations.map(\.description).joined(separator: "; ")
        result.fail(Violation(record: message.record, why: why, category: "\(first.path) \(first.keyword)"))
    }
}
