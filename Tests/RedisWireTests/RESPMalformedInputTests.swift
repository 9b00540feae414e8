import NIOCore
import RedisWire
import Testing
import EvmonModel

/// Bad input is an error naming what is wrong, never a trap, a hang or a huge allocation.
struct RESPMalformedInputTests {
    static let small = RESPLimits(maximumBulkLength: 1024, maximumAggregateCount: 100, maximumDepth: 8, maximumLineLength: 64)

    @Test(arguments: [
        ("@1\r\n", "unknown type byte '@'"),
        ("\u{0}\r\n", "unknown type byte 0x0"),
        (":12a\r\n", "integer '12a'"),
        (":\r\n", "integer ''"),
        (":-\r\n", "integer '-'"),
        (": 1\r\n", "integer ' 1'"),
        (":99999999999999999999\r\n", "integer '99999999999999999999'"),
        ("$abc\r\n", "length 'abc'"),
        ("$-2\r\n", "negative length -2"),
        ("!-1\r\n", "negative length -1"),
        ("*-2\r\n", "negative count -2"),
        ("%-1\r\n", "negative count -1"),
        ("*1x\r\n", "count '1x'"),
        ("$2\r\nabcd\r\n", "not followed by CRLF"),
        ("$4\r\nab\r\nXY", "not followed by CRLF"),
        ("#x\r\n", "boolean 'x'"),
        ("#tt\r\n", "boolean 'tt'"),
        ("_x\r\n", "null with data 'x'"),
        (",abc\r\n", "double 'abc'"),
        (",infinity\r\n", "double 'infinity'"),
        (",0x1p3\r\n", "double '0x1p3'"),
        ("(12a\r\n", "big number '12a'"),
        ("(\r\n", "big number ''"),
        ("=3\r\ntxt\r\n", "verbatim string without 'fmt:' prefix"),
        ("=5\r\ntxt-x\r\n", "verbatim string without 'fmt:' prefix"),
        ("+OK\rX\r\n", "CR not followed by LF"),
        ("*1\r\n>1\r\n:1\r\n", "push frame nested inside an aggregate"),
    ])
    func malformedInputNamesTheProblem(input: String, expected: String) throws {
        let error = try #require(RESPTestFeeding.error(decoding: Array(input.utf8)), "\(input.debugDescription) decoded")
        #expect(error.description.contains(expected), "\(input.debugDescription): \(error)")
    }

    @Test(arguments: ["$?\r\n;4\r\nHell\r\n;0\r\n", "*?\r\n:1\r\n.\r\n", "~?\r\n", "%?\r\n", "|?\r\n", ">?\r\n", ";4\r\nabcd\r\n", ".\r\n"])
    func streamedFormsAreRejectedCleanly(input: String) throws {
        let error = try #require(RESPTestFeeding.error(decoding: Array(input.utf8)))
        guard case .unsupported(let why) = error else { Issue.record("\(input.debugDescription): \(error)"); return }
        #expect(why.contains("streamed"))
    }

    @Test func capsRefuseBeforeAllocating() throws {
        // Huge claims fail on the header alone: no bytes of the claimed size are ever awaited.
        #expect(RESPTestFeeding.error(decoding: Array("$268435457\r\n".utf8)) == .limitExceeded("bulk string of 268435457 bytes (at most 268435456)"))
        #expect(RESPTestFeeding.error(decoding: Array("$9223372036854775807\r\n".utf8))?.description.contains("bulk string") == true)
        #expect(RESPTestFeeding.error(decoding: Array("*16777217\r\n".utf8)) == .limitExceeded("aggregate of 16777217 elements (at most 16777216)"))
        #expect(RESPTestFeeding.error(decoding: Array("$1025\r\n".utf8), limits: Self.small)?.description.contains("1025 bytes") == true)
        #expect(RESPTestFeeding.error(decoding: Array("%51\r\n".utf8), limits: Self.small) == nil, "51 pairs ≤ 100: waits for elements")
        #expect(RESPTestFeeding.error(decoding: Array("~101\r\n".utf8), limits: Self.small) == .limitExceeded("aggregate of 101 elements (at most 100)"))
        // A lying count that is within the cap only waits; it reserves little.
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(bytes: Array("*16777216\r\n:1\r\n".utf8))
        #expect(try decoder.decode(&buffer) == nil)
        #expect(decoder.isInsideValue)
    }

    @Test func deepNestingStopsAtTheCap() throws {
        let deep = Array(String(repeating: "*1\r\n", count: 9).utf8) + Array(":1\r\n".utf8)
        #expect(RESPTestFeeding.error(decoding: deep, limits: Self.small) == .limitExceeded("nesting deeper than 8"))
        let atCap = Array(String(repeating: "*1\r\n", count: 8).utf8) + Array(":1\r\n".utf8)
        #expect(RESPTestFeeding.error(decoding: atCap, limits: Self.small) == nil)
        // Attributes count towards the depth too.
        let attributes = Array(String(repeating: "|1\r\n", count: 9).utf8)
        #expect(RESPTestFeeding.error(decoding: attributes, limits: Self.small) == .limitExceeded("nesting deeper than 8"))
        // The default cap holds against a million levels without recursion.
        let million = [UInt8](repeating: 0, count: 0) + Array(String(repeating: "*1\r\n", count: 1_000_000).utf8)
        #expect(RESPTestFeeding.error(decoding: million) == .limitExceeded("nesting deeper than 64"))
    }

    @Test func aLineWithoutItsCRLFHasACap() throws {
        let long = Array("+".utf8) + [UInt8](repeating: 0x61, count: 65)
        #expect(RESPTestFeeding.error(decoding: long, limits: Self.small) == .limitExceeded("line longer than 64 bytes"))
        // Arriving in pieces, the cap trips once the line passes it.
        var decoder = RESPDecoder(limits: Self.small)
        var buffer = ByteBuffer(bytes: Array("+".utf8) + [UInt8](repeating: 0x61, count: 60))
        #expect(try decoder.decode(&buffer) == nil)
        buffer.writeBytes([UInt8](repeating: 0x61, count: 10))
        #expect(throws: RESPDecodingError.limitExceeded("line longer than 64 bytes")) { try decoder.decode(&buffer) }
    }

    @Test func aFailedDecoderStaysFailed() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(bytes: Array("*2\r\n:1\r\n@\r\n".utf8))
        #expect(throws: RESPDecodingError.unknownPrefix(UInt8(ascii: "@"))) { try decoder.decode(&buffer) }
        buffer.writeBytes(Array("+OK\r\n".utf8))
        #expect(throws: RESPDecodingError.unknownPrefix(UInt8(ascii: "@"))) { try decoder.decode(&buffer) }
    }

    /// Random bytes flipped in every fixture: each decode either returns a value, asks for more,
    /// or throws; it always returns, and the loop over a finite input always ends.
    @Test func randomByteFlipsNeverCrashOrHang() throws {
        var random = SplitMix64(seed: 0x5EED_1234)
        let fixtures = RESPFixtures.all.map(\.bytes) + [RESPFixtures.stream]
        var outcomes = (values: 0, errors: 0, incomplete: 0)
        for round in 0..<4000 {
            var bytes = fixtures[round % fixtures.count]
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let position = Int(random.next() % UInt64(bytes.count))
                bytes[position] = round % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : bytes[position] ^ (1 << UInt8(random.next() % 8))
            }
            var decoder = RESPDecoder(limits: RESPLimits(maximumBulkLength: 1 << 20, maximumAggregateCount: 1 << 16, maximumDepth: 32))
            var buffer = ByteBuffer()
            var position = 0
            do {
                // Pieces of 1…16 bytes, so the flips land in every parser state.
                while position < bytes.count {
                    let size = min(1 + Int(random.next() % 16), bytes.count - position)
                    buffer.writeBytes(bytes[position..<position + size])
                    position += size
                    var decodes = 0
                    while try decoder.decode(&buffer) != nil {
                        outcomes.values += 1
                        decodes += 1
                        #expect(decodes <= bytes.count, "more values than bytes")
                    }
                }
                if decoder.isInsideValue || buffer.readableBytes > 0 { outcomes.incomplete += 1 }
            } catch {
                outcomes.errors += 1
            }
        }
        #expect(outcomes.errors > 100, "flips should mostly be caught: \(outcomes)")
        #expect(outcomes.values > 100, "\(outcomes)")
    }
}

