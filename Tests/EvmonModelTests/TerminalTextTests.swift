import Testing
@testable import EvmonModel

@Suite struct TerminalTextTests {
    @Test func printableTextPassesThrough() {
        #expect(TerminalText.escaped("plain text, Grüße 🎉") == "plain text, Grüße 🎉")
    }

    @Test func controlCharactersAreEscaped() {
        #expect(TerminalText.escaped("a\nb\tc\rd\u{00}e\u{7f}") == #"a\nb\tc\rd\x00e\x7f"#)
    }

    @Test func escapeSequencesCannotReachTheTerminal() {
        // OSC title change, screen clear, cursor move.
        let hostile = "\u{1b}]0;pwned\u{07}\u{1b}[2J\u{1b}[H"
        let shown = TerminalText.escaped(hostile)
        #expect(shown == #"\x1b]0;pwned\x07\x1b[2J\x1b[H"#)
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
    }

    @Test func c1ControlsAndBidiOverridesAreEscaped() {
        #expect(TerminalText.escaped("x\u{9b}31m\u{202e}evil\u{2066}") == #"x\u009b31m\u202eevil\u2066"#)
    }

    @Test func invalidUTF8BytesAreShownAsHex() {
        #expect(TerminalText.escaped([0x61, 0xff, 0xfe, 0x62, 0xe2, 0x82]) == #"a\xff\xfeb\xe2\x82"#)
    }

    @Test func outputIsAlwaysValidUTF8WithoutControls() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...12)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var output: [UInt8] = []
            TerminalText.append(bytes, to: &output)
            let text = String(validating: output, as: UTF8.self)
            #expect(text != nil)
            #expect(!(text ?? "").unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
        }
    }
}

@Suite struct TimestampsTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_764_115_200_123, "2025-11-26T00:00:00.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
    ])
    func formatsISO8601InUTC(milliseconds: Int64, expected: String) {
        #expect(Timestamps.iso8601(milliseconds) == expected)
    }
}

/// The eight-bytes-at-a-time check agrees with the byte-by-byte one for every byte value in
/// every position, and for many mixed words.
@Suite struct PrintableWordTests {
    static func bytewise(_ word: UInt64) -> Bool {
        (0..<8).allSatisfy { shift in
            let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(shift)))
            return byte >= 0x20 && byte < 0x7F
        }
    }

    @Test func everyByteInEveryPosition() {
        for position in 0..<8 {
            for value in 0...255 {
                var word: UInt64 = 0x6161_6161_6161_6161
                word &= ~(0xFF << (8 * UInt64(position)))
                word |= UInt64(value) << (8 * UInt64(position))
                #expect(TerminalText.isPrintableASCII(word) == Self.bytewise(word), "byte \(value) at \(position)")
            }
        }
    }

    @Test func mixedWords() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200_000 {
            // Bytes drawn mostly near the edges of the printable range, where mistakes would hide.
            var word: UInt64 = 0
            for shift in 0..<8 {
                let edges: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xFE, 0xFF, 0x41]
                let byte = edges[Int(generator.next() % UInt64(edges.count))]
                word |= UInt64(byte) << (8 * UInt64(shift))
            }
            #expect(TerminalText.isPrintableASCII(word) == Self.bytewise(word))
        }
    }
}
