import EvmonTestSupport
import Foundation
import Testing
import EvmonModel
import EvmonJSON

@Suite struct JSONOutputTests {
    func json(_ bytes: [UInt8]?) -> String {
        var output: [UInt8] = []
        JSONOutput.appendBytes(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func absentIsNullAndEmptyIsEmpty() {
        #expect(json(nil) == "null")
        #expect(json([]) == #""""#)
    }

    @Test func escapesWhatJSONRequires() {
        #expect(json(Array("a\"b\\c\nd\te\r\u{01}".utf8)) == #""a\"b\\c\nd\te\r\u0001""#)
    }

    @Test func escapesTerminalControlsThatJSONAllows() {
        // ESC, DEL, a C1 CSI and a right-to-left override: valid JSON raw, dangerous on a terminal.
        #expect(json(Array("\u{1b}]0;x\u{07}\u{7f}\u{9b}\u{202e}".utf8)) == #""\u001b]0;x\u0007\u007f\u009b\u202e""#)
    }

    @Test func keepsOtherUnicodeAsIs() {
        #expect(json(Array("Grüße 🎉 注文".utf8)) == "\"Grüße 🎉 注文\"")
    }

    @Test func invalidUTF8BecomesBase64() {
        #expect(json([0xff, 0x00, 0x41]) == #"{"base64":"/wBB"}"#)
        // An overlong encoding and a lone surrogate are invalid too.
        #expect(json([0xC0, 0xAF]) == #"{"base64":"wK8="}"#)
        #expect(json([0xED, 0xA0, 0x80]) == #"{"base64":"7aCA"}"#)
    }

    @Test func roundTripsAnyBytesExactlyThroughAJSONParser() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 2, 3, 7, 64, 300] {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in
                    // Mostly text with some control and high bytes, so both paths are exercised.
                    UInt8.random(in: 0...255, using: &generator) % (Bool.random() ? 128 : 255)
                }
                let parsed = try JSONSerialization.jsonObject(with: Data(json(bytes).utf8), options: .fragmentsAllowed)
                if let text = parsed as? String {
                    #expect(Array(text.utf8) == bytes)
                } else {
                    let object = try #require(parsed as? [String: String])
                    #expect(Data(base64Encoded: try #require(object["base64"])).map(Array.init) == bytes)
                    #expect(String(validating: bytes, as: UTF8.self) == nil)
                }
            }
        }
    }

    @Test func decidesStringOrBase64ExactlyAsTheStandardLibraryValidates() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            // Short runs of arbitrary bytes hit every malformed shape: overlongs, surrogates, truncations.
            let bytes = (0..<Int.random(in: 0...6)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Compared as bytes: a combining mark would fuse with the quote into one Character.
            let isString = json(bytes).utf8.first == UInt8(ascii: "\"")
            #expect(isString == (String(validating: bytes, as: UTF8.self) != nil), "bytes \(bytes)")
        }
    }
}

@Suite struct RecordJSONTests {
    @Test func writesCLIShapeInFieldOrder() {
        let record = Record(
            topic: "orders", partition: 2, offset: .sequence(41), timestamp: 1_764_115_200_123, key: Array("ord-1".utf8),
            headers: [Header("a", "1"), Header(name: "a", value: [0xff]), Header(name: "n", value: nil)],
            value: Array(#"{"x":1}"#.utf8))
        var output: [UInt8] = []
        RecordJSON.appendLine(record, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"""
            {"topic":"orders","partition":2,"offset":41,"timestamp":1764115200123,"key":"ord-1","headers":[["a","1"],["a",{"base64":"/w=="}],["n",null]],"value":"{\"x\":1}"}

            """#)
    }

    @Test func redisIDsAreStringsAndAbsentFieldsNull() {
        let record = Record(
            topic: "s", partition: 0, offset: .streamID(milliseconds: 1_716_123_456_789, sequence: 0), timestamp: 1,
            key: nil, value: nil)
        var output: [UInt8] = []
        RecordJSON.appendLine(record, to: &output)
        #expect(String(decoding: output, as: UTF8.self)
            == #"{"topic":"s","partition":0,"offset":"1716123456789-0","timestamp":1,"key":null,"headers":[],"value":null}"# + "\n")
    }
}

@Suite struct Base64Tests {
    @Test func agreesWithFoundation() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
        }
    }
}
