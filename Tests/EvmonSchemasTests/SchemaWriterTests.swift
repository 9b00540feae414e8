import EvmonModel
import EvmonSchemas
import Testing

/// Edited JSON back to bytes with the schema it was read with, behind the original frame.
struct SchemaWriterTests {
    static func resolved(_ compiled: CompiledSchema, id: UInt32? = 9) -> ResolvedSchema {
        ResolvedSchema(label: SchemaLabel(id: id, kind: .avro), compiled: compiled)
    }

    @Test func protobufKeepsTheFramesMessageIndexes() throws {
        let proto = try ProtoSchema.parse(Array(#"syntax = "proto3"; message A { int32 n = 1; } message B { string s = 1; int64 big = 2; }"#.utf8))
        let original: [UInt8] = [0, 0, 0, 0, 9, 0x02, 0x02, 0x0A, 0x01, 0x78]  // indexes [1]: B
        let schema = Self.resolved(.protobuf(proto))
        let bytes = try SchemaWriter.encode(Array(#"{"s":"yz","big":"5"}"#.utf8), with: schema, framedLike: original)
        #expect(Array(bytes.prefix(7)) == Array(original.prefix(7)))
        var record = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: bytes)
        SchemaPlan(usesRegistry: true).decode(&record) { _ in .resolved(schema) }
        #expect(record.readableValue == Array(#"{"s":"yz","big":"5"}"#.utf8))
        #expect(throws: SchemaWriteError(#".big: expected an int64, got "many""#)) {
            try SchemaWriter.encode(Array(#"{"big":"many"}"#.utf8), with: schema, framedLike: original)
        }
    }

    @Test func jsonIsCompactedAndHeldToItsSchema() throws {
        let contract = try JSONSchema.parse(Array(#"{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}"#.utf8))
        let schema = Self.resolved(.json(contract))
        let bytes = try SchemaWriter.encode(Array("{ \"id\" : \"a\" }".utf8), with: schema, framedLike: [0, 0, 0, 0, 9, 0x7B, 0x7D])
        #expect(bytes == [0, 0, 0, 0, 9] + Array(#"{"id":"a"}"#.utf8))
        #expect(throws: SchemaWriteError(#".: missing required property "id""#)) {
            try SchemaWriter.encode(Array("{}".utf8), with: schema, framedLike: [0, 0, 0, 0, 9])
        }
    }

    @Test func aLocalSchemaWritesNoFrame() throws {
        let avro = try AvroSchema.parse(Array(#""string""#.utf8))
        #expect(try SchemaWriter.encode(Array(#""hi""#.utf8), with: Self.resolved(.avro(avro), id: nil), framedLike: []) == [0x04, 0x68, 0x69])
    }
}
