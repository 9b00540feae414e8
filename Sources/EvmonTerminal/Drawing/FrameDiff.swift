import EvmonUI

/// Which parts of a new frame differ from the one on screen. Pure, so the driver only ever
/// hands curses the changed runs; curses then diffs its own virtual screen once more at
/// `doupdate`, so what reaches the terminal is minimal either way.
enum FrameDiff {
    /// The runs of `next` to draw when `previous` is on screen. Without a previous frame, or
    /// when the size changed, every row is one run.
    ///
    /// Wide glyphs are kept whole: a run touching either half of one starts at its lead cell
    /// (curses blanks a wide glyph whose half is overwritten, so both halves must be redrawn).
    static func runs(from previous: ScreenGrid?, to next: ScreenGrid) -> [DrawRun] {
        guard next.width > 0, next.height > 0 else { return [] }
        guard let previous, previous.width == next.width, previous.height == next.height else {
            return (0..<next.height).map { DrawRun(row: $0, start: 0, end: next.width) }
        }
        var runs: [DrawRun] = []
        let width = next.width
        previous.cells.withUnsafeBufferPointer { old in
            next.cells.withUnsafeBufferPointer { new in
                for row in 0..<next.height {
                    let base = row * width
                    var x = 0
                    while x < width {
                        guard old[base + x] != new[base + x] else { x += 1; continue }
                        var start = x
                        while x < width, old[base + x] != new[base + x] { x += 1 }
                        var end = x
                        if start > 0, old[base + start].isContinuation || new[base + start].isContinuation { start -= 1 }
                        if end < width, old[base + end].isContinuation || new[base + end].isContinuation { end += 1 }
                        if let last = runs.last, last.row == row, last.end >= start {
                            runs[runs.count - 1].end = max(last.end, end)
                        } else {
                            runs.append(DrawRun(row: row, start: start, end: end))
                        }
                        x = max(x, end)
                    }
                }
            }
        }
        return runs
    }
}
