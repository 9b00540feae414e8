import EvmonJSON
import EvmonModel
import Testing

/// Tail's JSON lines read back (`evmon produce`, `file://`): what tail prints decodes to the
/// bytes it printed, and the forms people write by hand mean what they say.
struct RecordLineTests {
    static let hostile: [Record] = [
        Record(topic: "orders", partition: 2, offset: .sequence(41), timestamp: 1_764_115_200_000, key: nil, value: nil),
        Record(topic: "o", partition: 0, offset: .sequence(0), timestamp: 0, key: [], headers: [Header(name: "h", value: [])], value: []),
        Record(
            topic: "bin", partition: 1, offset: .streamID(milliseconds: 1_716_123_456_789, sequence: 3), timestamp: 5, key: [0xFF, 0x00, 0xC0],
            headers: [Header(name: "h", value: [0x80]), Header(name: "h", value: nil), Header("h", "two")], value: [0xED, 0xA0, 0x80]),
        Record(topic: "ctl", partition: 0, offset: .sequence(9), timestamp: 9, key: Array("\u{1B}[31m\u{85}\u{202E}".utf8), value: Array("\"\\\n\t\u{0}é😀".utf8)),
        Record(topic: "big", partition: 0, offset: .sequence(1), timestamp: 1, key: Array("k".utf8), value: (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }),
    ]

    @Test func everyLineTailPrintsDecodesToTheBytesItWasPrintedFrom() throws {
        for record in Self.hostile {
            var line: [UInt8] = []
            RecordJSON.appendLine(record, to: &line)
            line.removeLast()
            let decoded = try RecordLine.decode(line)
            #expect(decoded.topic == record.topic)
            #expect(decoded.partition == record.partition)
            #expect(decoded.offset == record.offset)
            #expect(decoded.timestamp == record.timestamp)
            #expect(decoded.key == record.key)
            #expect(decoded.headers == record.headers)
            #expect(decoded.value == record.value)
        }
    }

    @Test func aJSONValueIsWrittenAsItsCompactTextWithItsDigitsKept() throws {
        let line = try RecordLine.decode(Array(#"{"key":"ord-1","value":{ "total" : 24.50, "big": 12345678901234567890, "s": "a b" , "l":[1, 2] }}"#.utf8))
        #expect(line.value == Array(#"{"total":24.50,"big":12345678901234567890,"s":"a b","l":[1,2]}"#.utf8))
        #expect(try RecordLine.decode(Array(#"{"value":[1, {"a": null}]}"#.utf8)).value == Array(#"[1,{"a":null}]"#.utf8))
        #expect(try RecordLine.decode(Array(#"{"value":1e3}"#.utf8)).value == Array("1e3".utf8))
        #expect(try RecordLine.decode(Array(#"{"value":true}"#.utf8)).value == Array("true".utf8))
        // Only an object whose one member is base64 stands for bytes.
        #expect(try RecordLine.decode(Array(#"{"value":{"base64":"AP8=","x":1}}"#.utf8)).value == Array(#"{"base64":"AP8=","x":1}"#.utf8))
    }

    @Test func headersMayBeWrittenAsAnObjectInTheirOrder() throws {
        let line = try RecordLine.decode(Array(#"{"headers":{"event-type":"OrderCreated","bin":{"base64":"/w=="},"none":null}}"#.utf8))
        #expect(line.headers == [Header("event-type", "OrderCreated"), Header(name: "bin", value: [0xFF]), Header(name: "none", value: nil)])
        #expect(line.key == nil && line.value == nil && line.partition == nil && line.topic == nil)
    }

    @Test func linesThatCannotMeanOneMessageSayWhy() {
        let cases: [(String, String)] = [
            ("[1]", "not a JSON object"),
            (#"{"key":"a""#, "invalid JSON: unexpected end of input"),
            (#"{"vlaue":"x"}"#, "unknown member 'vlaue'"),
            (#"{"key":"a","key":"b"}"#, "'key' appears twice"),
            (#"{"partition":-1}"#, "'partition' must be a whole number"),
            (#"{"partition":1.5}"#, "'partition' must be a whole number"),
            (#"{"partition":"2"}"#, "'partition' must be a whole number"),
            (#"{"partition":99999999999}"#, "'partition' must be a whole number"),
            (#"{"timestamp":99999999999999999999}"#, "'timestamp' must be a whole number"),
            (#"{"offset":"x-1"}"#, "a whole number ≥ 0 or a Redis id, not x-1"),
            (#"{"topic":3}"#, "'topic' must be a string"),
            (#"{"value":{"base64":"***"}}"#, "base64 must be a string of standard base64"),
            (#"{"headers":[["a"]]}"#, "[name, value] pairs"),
            (#"{"headers":[[1,"a"]]}"#, "a header's name must be a string"),
            (#"{"headers":"a"}"#, "'headers' must be a list"),
        ]
        for (text, expected) in cases {
            #expect(throws: RecordLineError.self, "\(text)") { try RecordLine.decode(Array(text.utf8)) }
            do {
                _ = try RecordLine.decode(Array(text.utf8))
            } catch {
                #expect(error.reason.contains(expected), "\(text): \(error.reason)")
            }
        }
    }

    @Test func coordinatesReadWhereAMessageIsAndValidateTheRest() throws {
        for record in Self.hostile {
            var line: [UInt8] = []
            RecordJSON.appendLine(record, to: &line)
            line.removeLast()
            let place = try line.withUnsafeBufferPointer { try RecordLine.coordinates($0) }
            #expect(place == RecordLine(topic: record.topic, partition: record.partition, offset: record.offset, timestamp: record.timestamp))
        }
        let broken = Array(#"{"topic":"t","value":{"a":}}"#.utf8)
        #expect(throws: RecordLineError.self) { try broken.withUnsafeBufferPointer { try RecordLine.coordinates($0) } }
    }

    @Test func rawBytesThatAreNotUTF8AreRefusedNotRepaired() {
        let line: [UInt8] = Array(#"{"value":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(throws: RecordLineError.self) { try RecordLine.decode(line) }
    }
}
