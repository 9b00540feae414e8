import EvmonDeadLetters
import EvmonJSON
import EvmonModel
import EvmonPresentation
import EvmonSchemas

/// `e` before a replay or re-produce (and `dlq replay --edit`): the value goes to the editor, the
/// edited value comes back into the plan. A value a schema decoded is edited as its JSON, pretty
/// printed, and encoded back with the same schema and frame; one that no longer fits is refused
/// with the field's path, and nothing is sent.
public enum ReplayEditing {
    /// Edits `plan`'s value with `editor` (bytes and a file extension in, edited bytes out, `nil`
    /// when cancelled); `adapter` is the broker the value was read from, which knows its schemas.
    public static func edit(
        _ plan: ReplayPlan, adapter: any BrokerAdapter,
        editor: ([UInt8], String) async throws(EvmonError) -> [UInt8]?
    ) async throws(EvmonError) -> ReplayPlan? {
        guard let decoded = plan.decoded, let json = decoded.json, let schemas = adapter as? SchemaDecodingAdapter else {
            guard let value = try await editor(plan.message.value ?? [], plan.editorFileExtension) else { return nil }
            return plan.withValue(value)
        }
        guard let edited = try await editor(PrettyJSON.text(for: json) ?? json, "json") else { return nil }
        do {
            _ = try JSONParser.parse(edited)
        } catch {
            throw .writeRefused("the edited value is not JSON (\(error)); nothing sent")
        }
        let compact = edited.withUnsafeBufferPointer { JSONParser.compactText($0) }
        let value = try await schemas.reencode(compact, like: decoded, original: plan.message.value ?? [], topic: plan.source.topic)
        return plan.withValue(value, decodedJSON: compact)
    }
}
