import NIOCore
import NIOTestUtils
import RedisWire
import Testing

/// NIO's own checker over both RESP decoders: the same values and frames however the bytes
/// are cut, fed one at a time, or ended early, with nothing left behind.
@Suite struct RESPDecoderVerifierTests {
    private let replies: [(String, RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("-ERR no such key\r\n", .error("ERR no such key")),
        (":-42\r\n", .integer(-42)),
        ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
        ("*2\r\n$3\r\nXID\r\n:7\r\n", .array([.bulkString(Array("XID".utf8)), .integer(7)])),
        ("_\r\n", .null),
        ("#t\r\n", .boolean(true)),
    ]

    @Test func valuesComeOutWholeHoweverTheBytesArrive() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: replies.map { ($0.0, [$0.1]) },
            decoderFactory: { RESPDecoder() })
    }

    @Test func framesAreCutAtTheirEndsHoweverTheBytesArrive() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: replies.map { ($0.0, [ByteBuffer(string: $0.0)]) },
            decoderFactory: { RESPFrameDecoder() })
    }
}
