import EvmonJSON
import EvmonSchemas

/// `.proto` schemas and Protobuf data, both untrusted (a registry answers the one, a producer
/// writes the other). A schema either parses or is one error; data either decodes to valid
/// JSON or is one error, and what decodes encodes back to the same JSON.
enum ProtobufFuzzTargets {
    static let all = [
        FuzzTarget("proto-schema", run: schema), FuzzTarget("protobuf", run: protobuf), FuzzTarget("protobuf-raw", run: raw),
    ]

    /// Arbitrary text as a `.proto` file; whatever parses has every message reachable by index.
    static func schema(_ bytes: [UInt8]) {
        guard let schema = try? ProtoSchema.parse(bytes) else { return }
        for message in schema.messages {
            precondition(schema.message(named: message.fullName)?.index == message.index, "a message not found by its own name")
        }
    }

    /// Input: the schema's text, `0xFF`, then the data, decoded as the file's first message.
    /// Decoded JSON must be valid, and encoding it must give bytes that decode to it again.
    static func protobuf(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let schemaText = input.field()
        let data = input.rest()
        guard let schema = try? ProtoSchema.parse(schemaText), let message = try? schema.message(at: [0]),
            let json = try? ProtobufDecoder.json(data, message: message, in: schema)
        else { return }
        precondition(JSONParser.isValid(json), "the decoder wrote text that is not JSON: \(String(decoding: json.prefix(200), as: UTF8.self))")
        guard let encoded = try? ProtobufEncoder.encode(json: json, message: message, in: schema) else { return }
        let again = try? ProtobufDecoder.json(encoded, message: message, in: schema)
        precondition(again == json, "decode(encode(decode)) differs: \(String(decoding: json.prefix(200), as: UTF8.self))")
    }

    static func raw(_ bytes: [UInt8]) {
        guard let json = try? ProtobufRawDecoder.json(bytes) else { return }
        precondition(JSONParser.isValid(json), "the raw decoder wrote text that is not JSON: \(String(decoding: json.prefix(200), as: UTF8.self))")
    }
}
