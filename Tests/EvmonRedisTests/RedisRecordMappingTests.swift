import NIOCore
import RedisWire
import Testing
import EvmonModel
@testable import EvmonRedis

/// How stream entries become records (the value view) and records become XADD fields again,
/// and the fast reply parser against the generic decoder on the same bytes.
struct RedisRecordMappingTests {
    static func view(_ fields: [Header]) -> String { String(decoding: RedisFieldView.view(of: fields), as: UTF8.self) }

    @Test func theViewOfOneJSONFieldIsItsExactBytes() {
        #expect(Self.view([Header("payload", #" {"a": 1} "#)]) == #" {"a": 1} "#)
        #expect(Self.view([Header("payload", "[1,2]")]) == "[1,2]")
        // Not a container, or not valid: the object view.
        #expect(Self.view([Header("payload", "42")]) == #"{"payload":"42"}"#)
        #expect(Self.view([Header("payload", "{not json")]) == #"{"payload":"{not json"}"#)
        #expect(Self.view([Header("payload", #"{"a":1}"#), Header("b", "2")]) == #"{"payload":"{\"a\":1}","b":"2"}"#)
    }

    @Test func theObjectViewKeepsOrderGathersRepeatsAndBase64sBinary() {
        let fields = [Header("a", "1"), Header(name: "bin", value: [0xff, 0x00]), Header("a", "2"), Header("ü", "\u{1b}[31m"), Header("a", "3")]
        #expect(Self.view(fields) == #"{"a":["1","2","3"],"bin":{"base64":"/wA="},"ü":"\u001b[31m"}"#)
        #expect(Self.view([Header("e", "")]) == #"{"e":""}"#)
    }

    @Test func replayMarksAreLeftOutOfTheView() {
        let original = [Header("payload", #"{"a":1}"#)]
        let replayed = original + [Header("evmon-replay-of", "s/0/1-0"), Header("evmon-replay-at", "2026-11-26T00:00:00Z")]
        #expect(Self.view(replayed) == Self.view(original))
    }

    static func fields(_ message: OutgoingMessage) throws -> [String] {
        try RedisFieldView.fields(for: message).map { String(decoding: $0.name, as: UTF8.self) + "=" + String(decoding: $0.value, as: UTF8.self) }
    }

    @Test func produceWritesTheHeadersUnlessTheValueWasEdited() throws {
        let headers = [Header("a", "1"), Header("a", "2"), Header("evmon-replay-of", "s/0/1-0")]
        let view = RedisFieldView.view(of: headers)
        #expect(try Self.fields(OutgoingMessage(topic: "s", key: nil, headers: headers, value: view)) == ["a=1", "a=2", "evmon-replay-of=s/0/1-0"])
        #expect(try Self.fields(OutgoingMessage(topic: "s", key: nil, headers: headers, value: nil)) == ["a=1", "a=2", "evmon-replay-of=s/0/1-0"])
        // The object view edited: fields rebuilt in the edit's order, marks still last.
        let edited = Array(#"{"b":true,"a":["x",2.5]}"#.utf8)
        #expect(try Self.fields(OutgoingMessage(topic: "s", key: nil, headers: headers, value: edited)) == ["b=true", "a=x", "a=2.5", "evmon-replay-of=s/0/1-0"])
        // The single JSON field edited: the edit replaces it, whatever it holds.
        let single = [Header("payload", #"{"a":1}"#)]
        #expect(try Self.fields(OutgoingMessage(topic: "s", key: nil, headers: single, value: Array("not json".utf8))) == ["payload=not json"])
    }

    @Test(arguments: ["[1]", "\"text\"", "{\"a\":null}", "{\"a\":{\"b\":1}}", "{\"a\":[]}", "{}", "{nope"])
    func anEditThatIsNotAnObjectOfFieldsIsAUsageErrorSayingWhy(edit: String) {
        let message = OutgoingMessage(topic: "s", key: nil, headers: [Header("a", "1"), Header("b", "2")], value: Array(edit.utf8))
        do {
            _ = try RedisFieldView.fields(for: message)
            Issue.record("\(edit) was accepted")
        } catch {
            guard case .usage(let why) = error else { Issue.record("\(error)"); return }
            #expect(why.contains("JSON object of field names"), "\(why)")
        }
    }

    /// The fast path and the generic decoder read the same bytes to the same records.
    @Test func theFastParserAgreesWithTheGenericDecoder() throws {
        let xrange = Array(
            "*3\r\n*2\r\n$15\r\n1716123456789-0\r\n*4\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nk2\r\n$3\r\n\u{ff}\u{0}\r\n*2\r\n$15\r\n1716123456789-1\r\n_\r\n*2\r\n$15\r\n1795671905139-0\r\n*2\r\n$7\r\npayload\r\n$7\r\n{\"a\":1}\r\n"
                .utf8)
        let frame = ByteBuffer(bytes: xrange)
        let fast = try #require(RedisEntryFrame.records(topic: "s", frame: frame))
        let generic = try RedisEntries.records(topic: "s", reply: try RESPValue.decode(frame: frame))
        #expect(fast == generic)
        #expect(fast.map(\.offset.description) == ["1716123456789-0", "1795671905139-0"], "an entry with null fields is skipped")
        #expect(fast[1].value == Array(#"{"a":1}"#.utf8))
        #expect(RedisEntryFrame.lastEntry(frame: frame)?.id.description == "1795671905139-0")
        #expect(RedisEntryFrame.lastEntry(frame: frame)?.count == 3)

        let resp3 = Array("%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n".utf8)
        let resp2 = Array("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n".utf8)
        for bytes in [resp3, resp2] {
            let streams = try #require(RedisEntryFrame.streams(frame: ByteBuffer(bytes: bytes)))
            let generic = try RedisTailRound.streamsOfXREAD(try RESPValue.decode(frame: ByteBuffer(bytes: bytes)))
            #expect(streams.map(\.0) == ["s"] && generic.map(\.0) == ["s"])
            #expect(streams[0].1 == (try RedisEntries.records(topic: "s", reply: generic[0].1)))
        }
        #expect(RedisEntryFrame.streams(frame: ByteBuffer(bytes: Array("*-1\r\n".utf8)))?.isEmpty == true)
        #expect(RedisEntryFrame.streams(frame: ByteBuffer(bytes: Array("_\r\n".utf8)))?.isEmpty == true)
        // Other shapes are left to the generic decoder.
        for other in ["-ERR no\r\n", ":1\r\n", "*1\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n", "|1\r\n+a\r\n+b\r\n*0\r\n"] {
            #expect(RedisEntryFrame.records(topic: "s", frame: ByteBuffer(bytes: Array(other.utf8))) == nil, "\(other.debugDescription)")
        }
    }

    @Test func streamIDsParseAndStepBack() {
        #expect(RedisStreamID.parse(Array("1716123456789-7".utf8)) == .streamID(milliseconds: 1_716_123_456_789, sequence: 7))
        #expect(RedisStreamID.parse(Array("42".utf8)) == .streamID(milliseconds: 42, sequence: 0))
        for bad in ["", "-1", "1-", "1-2-3", "a-1", "99999999999999999999-0"] {
            #expect(RedisStreamID.parse(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(RedisStreamID.predecessor(.streamID(milliseconds: 5, sequence: 0)) == .streamID(milliseconds: 4, sequence: .max))
        #expect(RedisStreamID.predecessor(.streamID(milliseconds: 5, sequence: 3)) == .streamID(milliseconds: 5, sequence: 2))
        #expect(RedisStreamID.predecessor(RedisStreamID.zero) == RedisStreamID.zero)
        #expect(RedisStreamID.id(.sequence(7)) == .streamID(milliseconds: 7, sequence: 0))
    }
}
