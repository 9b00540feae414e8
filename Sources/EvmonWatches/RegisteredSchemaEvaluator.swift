import JQ
import EvmonModel
import EvmonJSON

/// `schema: registry`: every message on the topic was written with a schema evmon can read it
/// with (a schema registry's framing, or the topic's local schema file) and decodes with it: no
/// unknown id, no data that does not fit, no JSON that breaks its registered JSON Schema. The
/// contract check of a topic whose producers must all use the registry.
final class RegisteredSchemaEvaluator: WatchEvaluator {
    let needsJSON = false

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let record = message.record
        guard let value = record.value else { return }  // A tombstone has nothing to decode.
        guard let part = record.decoding?.value else {
            let why = value.first == 0 && value.count >= 5
                ? "framed for a schema registry, but no registry is configured (schema_registry=)"
                : "not written with a registered schema (no magic byte 0 and schema id)"
            result.fail(Violation(record: record, why: why, category: "no schema"))
            return
        }
        guard let failure = part.failure else { return }
        result.fail(Violation(record: record, why: failure, category: part.schema.id.map { "schema id \($0)" } ?? part.schema.summary))
    }
}
