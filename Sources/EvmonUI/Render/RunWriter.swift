import EvmonPresentation
import EvmonApp

/// Writes styled runs left to right along one row of a rectangle, clipped at its right edge:
/// status lines, group headers, progress bars.
struct RunWriter {
    private(set) var x: Int
    let y: Int
    let limit: Int

    init(_ rect: Rect) {
        x = rect.x
        y = rect.y
        limit = rect.maxX
    }

    /// Writes `text` where the last run ended; with `marksCut`, a run cut at the edge ends in `…`.
    mutating func put(_ text: String, _ role: StyleRole, in grid: inout ScreenGrid, marksCut: Bool = false) {
        guard x < limit else { return }
        x += grid.write(text, x: x, y: y, width: limit - x, role: role, pad: false, marksCut: marksCut)
    }

    /// Blanks the rest of the row.
    func clearRest(in grid: inout ScreenGrid) {
        if x < limit { grid.write("", x: x, y: y, width: limit - x, role: .text) }
    }
}
