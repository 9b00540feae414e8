import Testing
@testable import EvmonJSON

/// The JSON escaper skips eight plain ASCII bytes at a time: a byte that needs a look must be
/// found at every position of a word, and the integer writer must match Swift's own digits.
struct JSONOutputWordSkipTests {
    static func escaped(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        guard JSONOutput.appendStringIfValid(bytes, to: &output) else { return nil }
        return output
    }

    @Test func aSpecialByteAtAnyPositionIsEscapedAsOnItsOwn() {
        let specials: [[UInt8]] = [
            Array("\"".utf8), Array("\\".utf8), [0x0a], [0x01], [0x1f], [0x7f], Array("é".utf8), Array("\u{202e}".utf8), Array("\u{85}".utf8),
        ]
        for special in specials {
            // Escaped alone (shorter than a word: the byte-by-byte path), without its quotes.
            let alone = Array(Self.escaped(special)!.dropFirst().dropLast())
            for before in 0..<20 {
                let input = [UInt8](repeating: 0x61, count: before) + special + [UInt8](repeating: 0x7e, count: 19 - before)
                let expected = [0x22] + [UInt8](repeating: 0x61, count: before) + alone + [UInt8](repeating: 0x7e, count: 19 - before) + [0x22]
                #expect(Self.escaped(input) == expected, "\(special) after \(before) bytes")
            }
        }
        // Every byte value in the middle of plain words, and invalid UTF-8 anywhere fails.
        for byte in UInt8.min...UInt8.max {
            let input = [UInt8](repeating: 0x20, count: 11) + [byte] + [UInt8](repeating: 0x20, count: 11)
            let plain = byte >= 0x20 && byte < 0x7f && byte != 0x22 && byte != 0x5c
            if plain { #expect(Self.escaped(input) == [0x22] + input + [0x22], "byte \(byte)") }
            if byte >= 0x80 { #expect(Self.escaped(input) == nil, "lone byte \(byte) is invalid UTF-8") }
        }
    }

    @Test func quotesAndBackslashesGetABackslashEachWhereverTheyStand() {
        let cases: [(String, String)] = [
            (#"""#, #""\"""#), (#"\"#, #""\\""#), (#""""#, #""\"\"""#), (#"a"b\c"#, #""a\"b\\c""#),
            (#"{"type":"OrderCreated","note":"say \"hi\""}"#, #""{\"type\":\"OrderCreated\",\"note\":\"say \\\"hi\\\"\"}""#),
        ]
        for (input, expected) in cases {
            #expect(Self.escaped(Array(input.utf8)).map { String(decoding: $0, as: UTF8.self) } == expected, "\(input)")
        }
    }

    @Test func decimalsMatchSwiftsDigits() {
        for value: UInt64 in [0, 1, 9, 10, 99, 100, 1_716_123_456_789, UInt64(Int64.max), .max] {
            var output: [UInt8] = []
            output.append(decimal: value)
            #expect(String(decoding: output, as: UTF8.self) == String(value))
        }
        var negative: [UInt8] = []
        negative.append(decimal: Int64.min)
        #expect(String(decoding: negative, as: UTF8.self) == String(Int64.min))
    }
}
