import NATSWire
import NIOCore
import NIOTestUtils
import Testing

/// NIO's own checker: the same server operations however the bytes are cut, fed one at a
/// time, or ended early, with nothing left behind.
@Suite struct NATSOpDecoderVerifierTests {
    @Test func operationsComeOutWholeHoweverTheBytesArrive() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("PING\r\n", [.ping]),
                ("PONG\r\n", [.pong]),
                ("+OK\r\n", [.ok]),
                ("-ERR 'Authorization Violation'\r\n", [.error("Authorization Violation")]),
                ("PING\r\nPONG\r\n", [.ping, .pong]),
            ],
            decoderFactory: { NATSOpDecoder() })
    }
}
