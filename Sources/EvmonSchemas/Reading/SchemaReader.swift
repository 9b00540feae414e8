import EvmonJSON
import EvmonModel

/// Reads one key or value through a schema: a framed value through the registry schema its
/// frame names, an unframed one through its topic's local schema. Never throws: what cannot
/// be decoded is a `DecodedPart` that says why, beside bytes that stay as they are.
public enum SchemaReader {
    /// `bytes` as framed by a schema registry producer (magic byte 0, the schema id, the
    /// encoded value), read through `lookup` of the frame's id. `nil` when the bytes are not
    /// framed.
    public static func framed(_ bytes: [UInt8], lookup: (UInt32) -> SchemaLookup) -> DecodedPart? {
        guard let frame = try? ConfluentFrame.read(bytes) else { return nil }
        switch lookup(frame.schemaID) {
        case .failed(let reason, _):
            return DecodedPart(schema: SchemaLabel(id: frame.schemaID), json: nil, failure: reason)
        case .resolved(let schema):
            guard case .protobuf = schema.compiled else { return read(bytes, from: frame.payloadStart, with: schema) }
            // Protobuf frames go on with the message's indexes in the file.
            do {
                let protobufFrame = try ConfluentFrame.readProtobuf(bytes)
                return read(bytes, from: protobufFrame.payloadStart, messageIndexes: protobufFrame.messageIndexes, with: schema)
            } catch {
                return DecodedPart(schema: schema.label, json: nil, failure: "not \(schema.label.summary) data: \(error.reason)")
            }
        }
    }

    /// `bytes`, not framed, read with a local schema.
    public static func plain(_ bytes: [UInt8], with schema: ResolvedSchema) -> DecodedPart {
        read(bytes, from: 0, with: schema)
    }

    private static func read(_ bytes: [UInt8], from start: Int, messageIndexes: [Int] = [0], with schema: ResolvedSchema) -> DecodedPart {
        var part = DecodedPart(schema: schema.label, json: nil)
        switch schema.compiled {
        case .protobuf(let proto):
            do {
                let message = try proto.message(at: messageIndexes)
                part.schema.messageName = message.fullName
                part.json = try ProtobufDecoder.json(Array(bytes[start...]), message: message, in: proto)
            } catch {
                part.failure = "not \(part.schema.summary) data: \(error.reason)"
            }
        case .avro(let avro):
            do {
                part.json = try AvroDecoder.json(bytes, from: start, schema: avro)
            } catch {
                part.failure = "not \(schema.label.summary) data: \(error.reason)"
            }
        case .json(let contract):
            let payload = Array(bytes[start...])
            guard let contract else {
                if JSONParser.isValid(payload) { part.json = payload } else { part.failure = "not JSON, as \(schema.label.summary) says it is" }
                break
            }
            guard let value = try? JSONParser.parse(payload) else {
                part.failure = "not JSON, as \(schema.label.summary) says it is"
                break
            }
            part.json = payload
            let violations = contract.validate(value, limit: 3)
            if !violations.isEmpty { part.failure = "breaks its JSON Schema: " + violations.map(\.description).joined(separator: "; ") }
        }
        return part
    }
}
