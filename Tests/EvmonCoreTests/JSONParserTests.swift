@testable import EvmonCore
import Testing

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
