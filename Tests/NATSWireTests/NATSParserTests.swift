import NATSWire
import NIOCore
import Testing
import EvmonModel

struct NATSParserTests {
    @Test func everyOperationOfTheBriefParsesAsTheServerMeantIt() throws {
        let fixtures = ServerFixtures.stream
        let bytes = Array(fixtures.map(\.bytes).joined().utf8)
        let ops = try ServerFixtures.parse(bytes, cuts: [])
        #expect(ops.count == fixtures.count)
        for (op, fixture) in zip(ops, fixtures) {
            #expect(fixture.check(op), "\(fixture.bytes.debugDescription) parsed as \(op)")
        }
    }

    @Test func aSplitAtEveryBytePositionGivesTheSameOperations() throws {
        let bytes = Array(ServerFixtures.stream.map(\.bytes).joined().utf8)
        let whole = try ServerFixtures.parse(bytes, cuts: [])
        for cut in 0...bytes.count {
            #expect(try ServerFixtures.parse(bytes, cuts: [cut]) == whole, "split at \(cut)")
        }
        #expect(try ServerFixtures.parse(bytes, cuts: Array(0...bytes.count)) == whole, "one byte at a time")
    }

    @Test func eachFixtureAloneIsHeldBackUntilItsLastByte() throws {
        for fixture in ServerFixtures.stream {
            let bytes = Array(fixture.bytes.utf8)
            var parser = NATSParser()
            var buffer = ByteBuffer()
            for (index, byte) in bytes.enumerated() {
                buffer.writeInteger(byte)
                let op = try parser.parse(&buffer)
                if index < bytes.count - 1 {
                    #expect(op == nil, "\(fixture.bytes.debugDescription) complete after \(index + 1) of \(bytes.count) bytes")
                } else {
                    #expect(op.map(fixture.check) == true, "\(fixture.bytes.debugDescription)")
                    #expect(buffer.readableBytes == 0)
                }
            }
        }
    }

    @Test func headersAndPayloadAreSplitByTheHeaderCount() throws {
        let bytes = Array(ServerFixtures.hmsg("orders.created", 2, ServerFixtures.ackReply, ServerFixtures.userBlock, "{\"id\":1}").utf8)
        let ops = try ServerFixtures.parse(bytes, cuts: [])
        guard case .message(let message) = ops.first else { Issue.record("no message"); return }
        #expect(String(buffer: try #require(message.headerBlock)) == ServerFixtures.userBlock)
        let headers = try #require(try message.headers())
        #expect(headers.fields == [.init("Nats-Msg-Id", "m1"), .init("X-Trace", "abc")])
        #expect(String(buffer: message.payload) == "{\"id\":1}")
    }

    @Test func infoRaisesThePayloadLimitToMaxPayloadButNeverBelowTheFloor() throws {
        var parser = NATSParser(payloadLimit: 100)
        var buffer = ByteBuffer(string: ServerFixtures.info)
        _ = try parser.parse(&buffer)
        #expect(parser.payloadLimit == NATSParser.payloadFloor)
        buffer = ByteBuffer(string: #"INFO {"max_payload":67108864}"# + "\r\n")
        _ = try parser.parse(&buffer)
        #expect(parser.payloadLimit == 67_108_864)
    }

    @Test func aServerWithoutJetStreamOmitsTheKey() throws {
        var parser = NATSParser()
        var buffer = ByteBuffer(string: #"INFO {"server_id":"x","max_payload":1048576,"auth_required":true}"# + "\r\n")
        guard case .info(let info) = try parser.parse(&buffer) else { Issue.record("not INFO"); return }
        #expect(info.jetstream == nil)
        #expect(info.authRequired == true)
    }

    static let malformed: [(String, NATSWireError)] = [
        ("HELLO\r\n", .unknownOperation("HELLO")),
        ("\r\n", .malformedOperation("an empty control line")),
        ("MSG a 1\r\n", .malformedOperation("MSG takes 3 or 4 arguments, not 2")),
        ("MSG a 1 b c d e f\r\n", .malformedOperation("too many arguments")),
        ("MSG a x 3\r\nabc\r\n", .malformedOperation("MSG sid 'x' is not a number")),
        ("MSG a 1 -3\r\nabc\r\n", .malformedOperation("MSG size '-3' is not a number")),
        ("MSG a 1 99999999999999999999999\r\n", .malformedOperation("MSG size '99999999999999999999999' is not a number")),
        ("MSG a 1 9000000\r\n", .payloadTooLarge(claimed: 9_000_000, limit: NATSParser.payloadFloor)),
        ("MSG a 1 2\r\nabc\r\n", .missingPayloadTerminator),
        ("HMSG a 1 30 20\r\n", .malformedOperation("HMSG header size 30 is not within its total size 20")),
        ("HMSG a 1 0 20\r\n", .malformedOperation("HMSG header size 0 is not within its total size 20")),
        ("HMSG a 1 20\r\n", .malformedOperation("HMSG takes 4 or 5 arguments, not 3")),
        ("HMSG a 1 x 20\r\n", .malformedOperation("HMSG header size 'x' is not a number")),
        ("PING now\r\n", .malformedOperation("PING takes no arguments")),
        ("INFO\r\n", .malformedOperation("INFO without JSON")),
        ("\u{1b}[2J\r\n", .unknownOperation("\\x1b[2J")),
    ]

    @Test(arguments: malformed)
    func malformedInputIsAClearError(input: String, expected: NATSWireError) {
        var parser = NATSParser()
        var buffer = ByteBuffer(string: input)
        #expect(throws: expected) { _ = try parser.parse(&buffer) }
    }

    @Test func badInfoJSONIsAnErrorThatSaysSo() {
        var parser = NATSParser()
        var buffer = ByteBuffer(string: "INFO {\"max_payload\":\"big\"\r\n")
        #expect {
            _ = try parser.parse(&buffer)
        } throws: { error in
            guard case .badServerInfo = error as? NATSWireError else { return false }
            return true
        }
    }

    @Test func aControlLineWithoutEndIsRefusedAtTheLimitNotBuffered() throws {
        var parser = NATSParser(controlLineLimit: 64)
        var buffer = ByteBuffer(string: "MSG " + String(repeating: "a", count: 40))
        #expect(try parser.parse(&buffer) == nil)
        buffer.writeString(String(repeating: "a", count: 40))
        #expect(throws: NATSWireError.controlLineTooLong(limit: 64)) { _ = try parser.parse(&buffer) }
    }

    @Test func aHugeLengthClaimFailsAtOnceWithoutWaitingForThePayload() {
        var parser = NATSParser()
        var buffer = ByteBuffer(string: "HMSG a 1 12 999999999999\r\nNATS/1.0\r\n\r\n")
        #expect(throws: NATSWireError.payloadTooLarge(claimed: 999_999_999_999, limit: NATSParser.payloadFloor)) { _ = try parser.parse(&buffer) }
    }

    /// Random byte flips in a valid stream: every call consumes bytes, returns nil or throws;
    /// never a crash, never a loop that does not advance.
    @Test func randomByteFlipsNeverCrashOrHang() {
        let original = Array(ServerFixtures.stream.map(\.bytes).joined().utf8)
        var random = SplitMix64(seed: 0x5eed)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: 0...255, using: &random)
            }
            var parser = NATSParser()
            var buffer = ByteBuffer(bytes: bytes)
            var rounds = 0
            while rounds < bytes.count + 1 {
                rounds += 1
                let before = buffer.readableBytes
                guard let op = try? parser.parse(&buffer) else { break }
                #expect(buffer.readableBytes < before, "an operation consumed nothing")
                if case .message(let message) = op { _ = try? message.headers() }
            }
            #expect(rounds <= bytes.count)
        }
    }
}

