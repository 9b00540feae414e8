import NIOCore
import RedisWire
import Testing

/// Feeds bytes to a decoder in pieces and collects what it decodes.
enum RESPTestFeeding {
    /// Decodes `bytes` delivered in pieces of the given sizes (cycled); checks that nothing is
    /// left over and that "need more" never loses bytes.
    static func decode(_ bytes: [UInt8], pieces: [Int], decoder: RESPDecoder = RESPDecoder()) throws -> [RESPValue] {
        var decoder = decoder
        var buffer = ByteBuffer()
        var values: [RESPValue] = []
        var position = 0
        var piece = 0
        while position < bytes.count {
            let size = min(max(1, pieces[piece % pieces.count]), bytes.count - position)
            buffer.writeBytes(bytes[position..<position + size])
            position += size
            piece += 1
            while let value = try decoder.decode(&buffer) { values.append(value) }
        }
        #expect(buffer.readableBytes == 0, "bytes left undecoded")
        #expect(!decoder.isInsideValue, "a value left half-decoded")
        return values
    }

    /// Decodes `bytes` in one piece; the error it throws, or `nil` when none.
    static func error(decoding bytes: [UInt8], limits: RESPLimits = .default) -> RESPDecodingError? {
        var decoder = RESPDecoder(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        do {
            while try decoder.decode(&buffer) != nil {}
            return nil
        } catch {
            return error
        }
    }
}
