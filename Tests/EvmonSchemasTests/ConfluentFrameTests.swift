import EvmonSchemas
import Testing

/// The registry's wire format as Confluent's serializers write it: magic byte, big-endian
/// schema id, and for Protobuf the message indexes (zigzag varints; a lone 0 for the first).
struct ConfluentFrameTests {
    @Test func anAvroFrameNamesItsSchemaAndWhereTheValueStarts() throws {
        let frame = try ConfluentFrame.read([0x00, 0x00, 0x01, 0x00, 0x2A, 0x06, 0x61, 0x62, 0x63])
        #expect(frame == ConfluentFrame(schemaID: 65_578, messageIndexes: [], payloadStart: 5))
        let schema = try AvroSchema.parse(Array(#""string""#.utf8))
        let bytes: [UInt8] = [0x00, 0x00, 0x01, 0x00, 0x2A, 0x06, 0x61, 0x62, 0x63]
        #expect(try AvroDecoder.json(Array(bytes[frame.payloadStart...]), schema: schema) == Array(#""abc""#.utf8))
    }

    @Test func protobufFramesCarryTheMessagePath() throws {
        // The file's first message: the single 0 byte.
        #expect(try ConfluentFrame.readProtobuf([0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x08, 0x01]).messageIndexes == [0])
        // Its second message's first nested type: count 2 (zigzag 4), then 1 (2) and 0 (0).
        let nested = try ConfluentFrame.readProtobuf([0x00, 0x00, 0x00, 0x00, 0x07, 0x04, 0x02, 0x00, 0x08, 0x01])
        #expect(nested.messageIndexes == [1, 0])
        #expect(nested.payloadStart == 8)
    }

    @Test func framesThatLieAreErrors() {
        #expect(throws: AvroError.self) { try ConfluentFrame.read([0x01, 0x00, 0x00, 0x00, 0x01]) }
        #expect(throws: AvroError.self) { try ConfluentFrame.read([0x00, 0x00, 0x00]) }
        // A count of a billion indexes in a few bytes; a negative index; indexes cut short.
        #expect(throws: AvroError.self) { try ConfluentFrame.readProtobuf([0x00, 0, 0, 0, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0x07]) }
        #expect(throws: AvroError.self) { try ConfluentFrame.readProtobuf([0x00, 0, 0, 0, 1, 0x02, 0x01]) }
        #expect(throws: AvroError.self) { try ConfluentFrame.readProtobuf([0x00, 0, 0, 0, 1, 0x04, 0x02]) }
    }
}
