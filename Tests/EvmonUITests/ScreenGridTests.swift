import EvmonPresentation
import EvmonUI
import Testing
import EvmonApp

@Suite struct ScreenGridTests {
    @Test func writingClipsToTheBudgetAndPadsTheRest() {
        var grid = ScreenGrid(width: 10, height: 1)
        grid.fill(grid.bounds, scalar: 0x2E, role: .text)
        #expect(grid.write("abcdef", x: 1, y: 0, width: 4, role: .text) == 4)
        #expect(grid.textDump() == ".abcd.....|\n")
        grid.write("xy", x: 1, y: 0, width: 4, role: .text)
        #expect(grid.textDump() == ".xy  .....|\n")
    }

    @Test func wideGlyphsTakeALeadAndAContinuationCell() {
        var grid = ScreenGrid(width: 6, height: 1)
        #expect(grid.write("注文a", x: 0, y: 0, width: 6, role: .text) == 5)
        #expect(grid[1, 0].isContinuation)
        #expect(grid.textDump() == "注文a |\n")
    }

    @Test func aWideGlyphAtTheEdgeBecomesABlankNotHalfAGlyph() {
        var grid = ScreenGrid(width: 4, height: 1)
        grid.fill(grid.bounds, scalar: 0x2E, role: .text)
        grid.write("ab注", x: 0, y: 0, width: 3, role: .text)
        #expect(grid.textDump() == "ab .|\n")
        #expect(!grid[3, 0].isContinuation)
    }

    @Test func controlsBidiAndInvalidUTF8AreEscapedVisibly() {
        var grid = ScreenGrid(width: 40, height: 1)
        grid.write(bytes: Array("a\u{1b}]0;pwned\u{07}\u{202e}b".utf8) + [0xFF, 0x0A], x: 0, y: 0, width: 40, role: .text)
        #expect(grid.rowText(0) == #"a\x1b]0;pwned\x07\u202eb\xff\n"#)
        #expect(grid[1, 0].role == .escaped)
        #expect(grid[0, 0].role == .text)
        #expect(grid.cells.allSatisfy { $0.scalar >= 0x20 && $0.scalar != 0x7F })
    }

    @Test func aHugeValueIsReadOnlyAsFarAsItFits() {
        var grid = ScreenGrid(width: 20, height: 1)
        let huge = [UInt8](repeating: 0x41, count: 10_000_000)
        #expect(grid.write(bytes: huge, x: 0, y: 0, width: 20, role: .text) == 20)
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(DisplayWidth.of("e\u{301}x") == 2)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("ab") == 2)
    }

    @Test func restyleKeepsGlyphs() {
        var grid = ScreenGrid(width: 4, height: 2)
        grid.write("ab", x: 0, y: 1, width: 4, role: .text)
        grid.restyle(Rect(x: 0, y: 1, width: 4, height: 1), role: .selection)
        #expect(grid[1, 1] == Cell(scalar: 0x62, role: .selection))
        #expect(grid[1, 0].role == .text)
    }
}
