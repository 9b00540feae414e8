import EvmonJSON
import EvmonSchemas

/// Avro schemas and data, both untrusted (a registry answers the one, a producer writes the
/// other). Input: the schema's JSON, `0xFF`, then the data. A schema either parses or is one
/// error; data either decodes to valid JSON or is one error.
enum SchemaFuzzTargets {
    static let all = [FuzzTarget("avro", run: avro), FuzzTarget("registry-frames", run: registryFrames)]

    /// Framed values from a topic: a frame is read or refused, and never points past the bytes.
    static func registryFrames(_ bytes: [UInt8]) {
        if let frame = try? ConfluentFrame.readProtobuf(bytes) {
            precondition(frame.payloadStart <= bytes.count && frame.messageIndexes.allSatisfy { $0 >= 0 }, "a frame past its bytes")
        }
        if let frame = try? ConfluentFrame.read(bytes) { precondition(frame.payloadStart == 5 && bytes.count >= 5, "an Avro frame past its bytes") }
    }

    static func avro(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let schemaText = input.field()
        let data = input.rest()
        guard let schema = try? AvroSchema.parse(schemaText), let json = try? AvroDecoder.json(data, schema: schema) else { return }
        precondition(JSONParser.isValid(json), "the decoder wrote text that is not JSON: \(String(decoding: json.prefix(200), as: UTF8.self))")
    }
}
