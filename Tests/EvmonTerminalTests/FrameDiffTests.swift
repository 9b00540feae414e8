import EvmonPresentation
import EvmonUI
import Testing

@testable import EvmonTerminal
import EvmonApp

@Suite struct FrameDiffTests {
    private func grid(_ rows: [String], role: StyleRole = .text) -> ScreenGrid {
        var grid = ScreenGrid(width: 10, height: rows.count)
        for (y, row) in rows.enumerated() { grid.write(row, x: 0, y: y, width: 10, role: role) }
        return grid
    }

    @Test func firstFrameDrawsEveryRowWhole() {
        let next = grid(["abc", "def", ""])
        #expect(FrameDiff.runs(from: nil, to: next) == [
            DrawRun(row: 0, start: 0, end: 10), DrawRun(row: 1, start: 0, end: 10), DrawRun(row: 2, start: 0, end: 10),
        ])
    }

    @Test func aResizeDrawsEverything() {
        let previous = grid(["abc", "def"])
        var next = ScreenGrid(width: 12, height: 2)
        next.write("abc", x: 0, y: 0, width: 12, role: .text)
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 0, end: 12), DrawRun(row: 1, start: 0, end: 12)])
    }

    @Test func identicalFramesDrawNothing() {
        #expect(FrameDiff.runs(from: grid(["abc", "def"]), to: grid(["abc", "def"])).isEmpty)
    }

    @Test func onlyChangedRunsAreDrawn() {
        let previous = grid(["abcdefghij", "0123456789", "same"])
        let next = grid(["abXdefgYZj", "0123456789", "same"])
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 2, end: 3), DrawRun(row: 0, start: 7, end: 9)])
    }

    @Test func aChangedStyleIsAChange() {
        let previous = grid(["abc"])
        var next = previous
        next.restyle(Rect(x: 1, y: 0, width: 1, height: 1), role: .selection)
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 1, end: 2)])
    }

    @Test func aNewWideGlyphIsDrawnWithBothHalves() {
        let previous = grid(["abcdef"])
        let next = grid(["ab漢ef"])
        // 漢 takes the place of "cd": its lead and continuation, nothing else.
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 2, end: 4)])
        // Shifting text right by a column changes everything after the glyph.
        #expect(FrameDiff.runs(from: grid(["abcdef"]), to: grid(["ab漢def"])) == [DrawRun(row: 0, start: 2, end: 7)])
    }

    @Test func changingOnlyTheContinuationRedrawsTheLead() {
        let previous = grid(["a漢"])
        var next = previous
        next.set(2, 0, scalar: 0x78, role: .text)  // a narrow glyph over the right half
        next.set(1, 0, scalar: 0x20, role: .text)
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 1, end: 3)])
        var styled = previous
        styled.restyle(Rect(x: 2, y: 0, width: 1, height: 1), role: .selection)
        #expect(FrameDiff.runs(from: previous, to: styled) == [DrawRun(row: 0, start: 1, end: 3)])
    }

    @Test func aChangedLeadKeepsItsContinuationInTheRun() {
        let previous = grid(["a漢b"])
        let next = grid(["a字b"])
        #expect(FrameDiff.runs(from: previous, to: next) == [DrawRun(row: 0, start: 1, end: 3)])
    }

    @Test func emptyGridsHaveNoRuns() {
        #expect(FrameDiff.runs(from: nil, to: ScreenGrid(width: 0, height: 5)).isEmpty)
    }
}
