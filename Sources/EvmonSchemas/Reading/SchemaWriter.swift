import EvmonJSON
import EvmonModel

/// The way back: edited JSON encoded with the schema a value was read with, framed as the
/// original was (magic byte, schema id and, for Protobuf, the message indexes, byte for byte),
/// so that a replayed or re-produced message is what its consumers expect. A value that does
/// not fit is refused with the field's path.
public enum SchemaWriter {
    /// `json` encoded with `schema`, behind the frame of `original` (none for a local schema).
    public static func encode(_ json: [UInt8], with schema: ResolvedSchema, framedLike original: [UInt8]) throws(SchemaWriteError) -> [UInt8] {
        let framed = schema.label.id != nil
        switch schema.compiled {
        case .avro(let avro):
            let frame = framed ? Array(original.prefix(5)) : []
            do {
                return frame + (try AvroEncoder.binary(json, schema: avro))
            } catch {
                throw SchemaWriteError(error.reason)
            }
        case .protobuf(let proto):
            var indexes = [0]
            var frame: [UInt8] = []
            if framed {
                guard let protobufFrame = try? ConfluentFrame.readProtobuf(original) else { throw SchemaWriteError("the original value's frame cannot be read") }
                indexes = protobufFrame.messageIndexes
                frame = Array(original.prefix(protobufFrame.payloadStart))
            }
            do {
                let message = try proto.message(at: indexes)
                return frame + (try ProtobufEncoder.encode(json: json, message: message, in: proto))
            } catch {
                throw SchemaWriteError(error.reason)
            }
        case .json(let contract):
            let value: JSONValue
            do {
                value = try JSONParser.parse(json)
            } catch {
                throw SchemaWriteError("not JSON: \(error)")
            }
            if let violations = contract?.validate(value, limit: 3), !violations.isEmpty {
                throw SchemaWriteError(violations.map(\.description).joined(separator: "; "))
            }
            return (framed ? Array(original.prefix(5)) : []) + json.withUnsafeBufferPointer { JSONParser.compactText($0) }
        }
    }
}

/// Why edited JSON does not fit its schema.
public struct SchemaWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

extension SchemaDecodingAdapter {
    /// `json`, edited from `decoded` (a value of `topic` as this adapter read it), encoded back
    /// with the same schema and framed like `original`. Refused, naming the field, when it does
    /// not fit: nothing may be sent then.
    public func reencode(_ json: [UInt8], like decoded: DecodedPart, original: [UInt8], topic: String) async throws(EvmonError) -> [UInt8] {
        let schema: ResolvedSchema
        if decoded.schema.id == nil, let local = localSchema(for: topic) {
            schema = local
        } else if let id = decoded.schema.id, case .resolved(let resolved)? = await lookups([id])[id] {
            schema = resolved
        } else {
            throw .writeRefused("the edited value cannot be encoded: \(decoded.schema.summary) is not at hand; nothing sent")
        }
        do {
            return try SchemaWriter.encode(json, with: schema, framedLike: original)
        } catch {
            throw .writeRefused("the edited value does not fit \(schema.label.summary): \(error.reason); nothing sent")
        }
    }
}
