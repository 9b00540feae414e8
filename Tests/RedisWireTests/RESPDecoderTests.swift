import NIOCore
import RedisWire
import Testing

struct RESPDecoderTests {
    typealias Fixture = RESPFixtures.Fixture

    @Test(arguments: RESPFixtures.all.map(\.name))
    func eachTypeDecodesSplitAtEveryByte(name: String) throws {
        let fixture = try #require(RESPFixtures.all.first { $0.name == name })
        #expect(try RESPTestFeeding.decode(fixture.bytes, pieces: [fixture.bytes.count]) == [fixture.value])
        #expect(try RESPTestFeeding.decode(fixture.bytes, pieces: [1]) == [fixture.value], "byte by byte")
        for split in 1..<fixture.bytes.count {
            #expect(try RESPTestFeeding.decode(fixture.bytes, pieces: [split, fixture.bytes.count]) == [fixture.value], "split at \(split)")
        }
    }

    @Test func allFixturesBackToBackSplitAnywhere() throws {
        let stream = RESPFixtures.stream
        let expected = RESPFixtures.all.map(\.value)
        for split in 1..<stream.count {
            #expect(try RESPTestFeeding.decode(stream, pieces: [split, stream.count]) == expected, "split at \(split)")
        }
        for pieces in [[1], [2], [3, 7], [5, 1, 13], [64], [4096]] {
            #expect(try RESPTestFeeding.decode(stream, pieces: pieces) == expected, "pieces \(pieces)")
        }
    }

    @Test func pushFramesInterleaveWithRepliesInOrder() throws {
        // Seen in one read from Redis 7.0: a reply, then an invalidation push, then the next reply.
        let bytes = Array("+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\nplain\r\n:7\r\n>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n*1\r\n:1\r\n".utf8)
        let expected: [RESPValue] = [
            .simpleString("OK"),
            .push([RESPFixtures.bulk("invalidate"), .array([RESPFixtures.bulk("plain")])]),
            .integer(7),
            .push([RESPFixtures.bulk("message"), RESPFixtures.bulk("ch"), RESPFixtures.bulk("hi")]),
            .array([.integer(1)]),
        ]
        for split in 1..<bytes.count {
            #expect(try RESPTestFeeding.decode(bytes, pieces: [split, bytes.count]) == expected)
        }
    }

    @Test func attributesBeforeNestedValuesAreDroppedOrKept() throws {
        // An attribute before the first element, one before a nested array, and one inside it.
        let bytes = Array("*3\r\n|1\r\n+ttl\r\n:3600\r\n:5\r\n|1\r\n+a\r\n*1\r\n+b\r\n*2\r\n:1\r\n|1\r\n+c\r\n+d\r\n:2\r\n:6\r\n".utf8)
        let dropped: RESPValue = .array([.integer(5), .array([.integer(1), .integer(2)]), .integer(6)])
        #expect(try RESPTestFeeding.decode(bytes, pieces: [1]) == [dropped])
        let kept: RESPValue = .array([
            .attributed(attributes: [RESPPair(.simpleString("ttl"), .integer(3600))], value: .integer(5)),
            .attributed(
                attributes: [RESPPair(.simpleString("a"), .array([.simpleString("b")]))],
                value: .array([.integer(1), .attributed(attributes: [RESPPair(.simpleString("c"), .simpleString("d"))], value: .integer(2))])),
            .integer(6),
        ])
        for split in 1..<bytes.count {
            #expect(try RESPTestFeeding.decode(bytes, pieces: [split, bytes.count], decoder: RESPDecoder(keepsAttributes: true)) == [kept])
        }
        // A top-level attribute decorates the reply after it; an empty one decorates nothing.
        let topLevel = Array("|1\r\n+k\r\n+v\r\n:1\r\n|0\r\n:2\r\n".utf8)
        #expect(try RESPTestFeeding.decode(topLevel, pieces: [1], decoder: RESPDecoder(keepsAttributes: true)) == [
            .attributed(attributes: [RESPPair(.simpleString("k"), .simpleString("v"))], value: .integer(1)), .integer(2),
        ])
    }

    @Test func nestedNullsAndEmptyAggregates() throws {
        let bytes = Array("*5\r\n$-1\r\n*-1\r\n_\r\n*0\r\n%0\r\n".utf8)
        #expect(try RESPTestFeeding.decode(bytes, pieces: [1]) == [.array([.null, .null, .null, .array([]), .map([])])])
    }

    @Test func nanDecodesInEveryFormRedisPrints() throws {
        for text in [",nan\r\n", ",-nan\r\n", ",nan(0x7ff8)\r\n", ",NaN\r\n"] {
            let values = try RESPTestFeeding.decode(Array(text.utf8), pieces: [1])
            guard case .double(let value) = values.first else { Issue.record("\(text) gave \(values)"); continue }
            #expect(value.isNaN)
        }
    }

    @Test func accessorsReadBothProtocolVersions() {
        let resp2: RESPValue = .array([RESPFixtures.bulk("name"), RESPFixtures.bulk("g"), RESPFixtures.bulk("lag"), .null])
        let resp3: RESPValue = .map([RESPPair(RESPFixtures.bulk("name"), RESPFixtures.bulk("g")), RESPPair(RESPFixtures.bulk("lag"), .null)])
        for reply in [resp2, resp3] {
            #expect(reply.pairs?.value(named: "name")?.string == "g")
            #expect(reply.pairs?.value(named: "lag")?.isNull == true)
            #expect(reply.pairs?.value(named: "missing") == nil)
        }
        #expect(RESPValue.array([.null]).pairs == nil, "odd flat arrays are not maps")
        #expect(RESPFixtures.bulk("42").integer == 42)
        #expect(RESPValue.error("ERR x").errorMessage == "ERR x")
        #expect(RESPValue.blobError(Array("SYNTAX y".utf8)).errorMessage == "SYNTAX y")
    }
}
