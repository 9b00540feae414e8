import EvmonJSON
import EvmonSchemas

/// JSON Schemas and the values checked against them, and edited values re-encoded as Avro: all
/// untrusted (a registry answers the schema, a producer or a user writes the value). Input: the
/// schema's JSON, `0xFF`, then the value's JSON.
enum JSONSchemaFuzzTargets {
    static let all = [FuzzTarget("json-schema", run: jsonSchema), FuzzTarget("avro-encode", run: avroEncode)]

    /// A schema parses or is one error; validating ends (depth and steps are bounded) within
    /// its limit, and agrees with itself on whether the value is valid.
    static func jsonSchema(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let schemaText = input.field()
        let instanceText = input.rest()
        guard let schema = try? JSONSchema.parse(schemaText), let value = try? JSONParser.parse(instanceText) else { return }
        let violations = schema.validate(value, limit: 3)
        precondition(violations.count <= 3, "\(violations.count) violations past a limit of 3")
        precondition(schema.isValid(value) == violations.isEmpty, "validate and isValid disagree on \(String(decoding: instanceText.prefix(200), as: UTF8.self))")
    }

    /// A value encodes or is one error; what it encodes to decodes under the same schema, and
    /// that JSON encodes again to data that decodes to it once more. (Bytes may differ: `-0.0`
    /// reads back as `0`, and a union takes the first branch a value fits, which may not be the
    /// one written.)
    static func avroEncode(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let schemaText = input.field()
        let json = input.rest()
        guard let schema = try? AvroSchema.parse(schemaText), let encoded = try? AvroEncoder.binary(json, schema: schema) else { return }
        let decoded: [UInt8]
        do {
            decoded = try AvroDecoder.json(encoded, schema: schema)
        } catch {
            preconditionFailure("encoded bytes do not decode: \(error)")
        }
        do {
            let again = try AvroDecoder.json(try AvroEncoder.binary(decoded, schema: schema), schema: schema)
            precondition(again == decoded, "decoded, encoded and decoded again, the JSON changed: \(String(decoding: decoded.prefix(200), as: UTF8.self))")
        } catch {
            preconditionFailure("the decoder's JSON does not encode again: \(error)")
        }
    }
}
