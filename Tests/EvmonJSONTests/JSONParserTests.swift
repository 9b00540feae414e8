import Testing
@testable import EvmonModel
@testable import EvmonJSON

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}, "e": ""} "#)
        #expect(value[member: "a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(value[member: "b"]?[member: "c"] == .string("d\né😀"))
        #expect(value[member: "e"] == .string(""))
    }

    @Test func numbersAreCorrectlyRounded() throws {
        for text in ["0.1", "59.75", "-0.0", "123456789012345678901234", "1.7976931348623157e308", "5e-324", "0.30000000000000004", "2.2250738585072014e-308"] {
            #expect(try parse(text) == .number(Double(text)!), "\(text)")
        }
    }

    @Test func aRepeatedMemberReadsAsTheLastOneAsInJQ() throws {
        #expect(try parse(#"{"a":1,"a":2}"#)[member: "a"] == .number(2))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "[1 2]", #"{"a" 1}"#, #"{"a":1,}"#, "01", "1.", "-", ".5", "1e", "tru", "nul",
        "\"abc", "\"a\u{01}b\"", #""\x""#, #""\u12g4""#, "[1]x", "{}{}", "{'a':1}", "NaN", "[\"\\",
    ])
    func malformedInputIsAnErrorNeverATrap(_ text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
        #expect(!JSONParser.isValid(Array(text.utf8)))
    }

    @Test func binaryValuesAreErrorsWithAnOffset() {
        let avro: [UInt8] = [0x00, 0x00, 0x00, 0x04, 0x12, 0x14, 0x6F, 0xFF]
        #expect(throws: JSONParseError(offset: 0, reason: "unexpected byte 0x0")) { try JSONParser.parse(avro) }
    }

    @Test func nestingIsCapped() throws {
        let fine = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try parse(fine) }
        let hostile = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try parse(hostile) }
        #expect(error?.reason.contains("nesting deeper") == true)
    }

    @Test func invalidUTF8InStringsIsRepairedAsJQDoes() throws {
        #expect(try JSONParser.parse([0x22, 0x61, 0xFF, 0x22]) == .string("a\u{FFFD}"))
    }

    @Test func compactTextAndKeyText() throws {
        let value = try parse(#"{"n":3,"f":1.5,"s":"x\"y","a":[null]}"#)
        #expect(value.compactText() == #"{"n":3,"f":1.5,"s":"x\"y","a":[null]}"#)
        #expect(value[member: "n"]?.keyText == "3")
        #expect(value[member: "s"]?.keyText == "x\"y")
        #expect(JSONValue.string(String(repeating: "z", count: 300)).compactText(limit: 10).hasSuffix("…"))
    }
}

extension JSONParserTests {
    /// Every prefix of a document and thousands of corrupted copies: errors or values, never a trap.
    @Test func truncatedAndCorruptedDocumentsNeverTrap() throws {
        let document = Array(#"{"event_id":"e-1","payload":{"items":[{"price":12.25,"quantity":2}],"note":"\u00e9\n","ok":true,"n":null,"x":-1.5e-3}}"#.utf8)
        for length in 0..<document.count {
            _ = try? JSONParser.parse(Array(document.prefix(length)))
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            var corrupted = document
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                corrupted[Int(state >> 33) % corrupted.count] = UInt8(truncatingIfNeeded: state >> 17)
            }
            _ = try? JSONParser.parse(corrupted)
        }
        #expect(try JSONParser.parse(document)[member: "payload"]?[member: "x"] == .number(-0.0015))
    }

    /// `isValid` walks without building, and must say yes exactly where `parse` succeeds.
    @Test func validityAgreesWithParsingOnEveryPrefixAndCorruption() {
        let document = Array(#" {"s":"a\"\u00e9\ud83d\ude00","big":123456789012345678901234,"e":1E+2,"a":[[],{},null,true,false,-0.5]} "#.utf8)
        func agrees(_ bytes: [UInt8]) -> Bool { JSONParser.isValid(bytes) == ((try? JSONParser.parse(bytes)) != nil) }
        #expect(JSONParser.isValid(document))
        #expect(JSONParser.isValid([0x22, 0x61, 0xFF, 0x22]), "invalid UTF-8 is repaired by parse, so it is valid")
        for length in 0..<document.count { #expect(agrees(Array(document.prefix(length))), "prefix \(length)") }
        var random = SplitMix64(seed: 7)
        for _ in 0..<3_000 {
            var corrupted = document
            let index = Int(random.next() % UInt64(corrupted.count))
            corrupted[index] = UInt8(truncatingIfNeeded: random.next())
            #expect(agrees(corrupted), "\(String(decoding: corrupted, as: UTF8.self))")
        }
    }
}
