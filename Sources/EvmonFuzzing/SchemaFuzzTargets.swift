import EvmonJSON
import EvmonModel
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

/// A schema registry's answers, as untrusted as a broker's: `GET /schemas/ids/{id}` and
/// `/versions` bodies either read or are one error; a schema that reads either compiles or is
/// one error, and when it compiles its values read without a trap.
enum RegistryAnswerFuzzTargets {
    static let all = [FuzzTarget("registry-answers", run: answers)]

    static func answers(_ bytes: [UInt8]) {
        _ = RegistryAnswer.firstFiling(bytes)
        _ = RegistryAnswer.message(bytes)
        guard let registered = try? RegistryAnswer.schema(bytes) else { return }
        let text = Array(registered.text.utf8)
        let compiled: CompiledSchema?
        switch registered.kind {
        case .avro: compiled = (try? AvroSchema.parse(text)).map { .avro($0) }
        case .protobuf: compiled = (try? ProtoSchema.parse(text)).map { .protobuf($0) }
        case .json: compiled = .json(try? JSONSchema.parse(text))
        }
        guard let compiled else { return }
        let schema = ResolvedSchema(label: SchemaLabel(id: 1, kind: registered.kind), compiled: compiled)
        // The answer's own bytes, framed, as a value of that schema.
        var record = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: [0, 0, 0, 0, 1, 0] + bytes)
        SchemaPlan(usesRegistry: true).decode(&record) { _ in .resolved(schema) }
        if let json = record.decoding?.value?.json { precondition(JSONParser.isValid(json), "a decoded value that is not JSON") }
    }
}
