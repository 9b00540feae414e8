/// The Confluent Schema Registry's wire format: magic byte 0, the schema id as 4 bytes big
/// endian, then the encoded value. Protobuf values carry, before the message, the path of
/// message indexes to the message type within the schema's file: a zigzag varint count, then
/// each index as a zigzag varint; a single `0` byte stands for `[0]`, the file's first message.
public struct ConfluentFrame: Sendable, Equatable {
    /// The registry's id for the writer's schema.
    public var schemaID: UInt32
    /// Protobuf only: which message of the schema's file, as nested indexes.
    public var messageIndexes: [Int]
    /// Where the encoded value starts in the bytes read.
    public var payloadStart: Int

    public init(schemaID: UInt32, messageIndexes: [Int], payloadStart: Int) {
        self.schemaID = schemaID
        self.messageIndexes = messageIndexes
        self.payloadStart = payloadStart
    }

    /// Whether `bytes` start as a framed value does (not proof: a raw value may start with 0).
    public static func looksFramed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 5 && bytes[0] == 0
    }

    /// Reads the frame of an Avro or JSON Schema value.
    public static func read(_ bytes: [UInt8]) throws(AvroError) -> ConfluentFrame {
        guard looksFramed(bytes) else { throw AvroError("not in the schema registry's wire format (magic byte 0 and a 4-byte schema id)") }
        let id = UInt32(bytes[1]) << 24 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 8 | UInt32(bytes[4])
        return ConfluentFrame(schemaID: id, messageIndexes: [], payloadStart: 5)
    }

    /// Reads the frame of a Protobuf value, message indexes included.
    public static func readProtobuf(_ bytes: [UInt8]) throws(AvroError) -> ConfluentFrame {
        var frame = try read(bytes)
        var index = 5
        func zigzag() throws(AvroError) -> Int64 {
            var raw: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count else { throw AvroError("the message indexes end early at byte \(index)") }
                let byte = bytes[index]
                index += 1
                guard shift < 35 else { throw AvroError("a message index longer than 32 bits at byte \(index)") }
                raw |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
        }
        let count = try zigzag()
        if count == 0 {
            frame.messageIndexes = [0]
        } else {
            // Each index takes at least a byte: a count past what remains is a lie.
            guard count > 0, count <= Int64(bytes.count - index) else { throw AvroError("a message index count of \(count) at byte 5") }
            for _ in 0..<count {
                let value = try zigzag()
                guard value >= 0 else { throw AvroError("a negative message index (\(value)) at byte \(index)") }
                frame.messageIndexes.append(Int(value))
            }
        }
        frame.payloadStart = index
        return frame
    }
}
