import EvmonPresentation
import EvmonApp

/// A frame: a width × height array of cells, the only thing the renderer produces and the only
/// thing a terminal driver consumes.
///
/// Writing clips to a column budget and pads what is left, so a pane never spills into its
/// neighbour. Control characters, bidi overrides and invalid UTF-8 are turned into visible
/// escapes on the way in (`\x1b`, `\u202e`, `\xff`) in the `.escaped` role: no cell can hold
/// anything a terminal would interpret.
///
/// ```swift
/// var grid = ScreenGrid(width: 80, height: 24)
/// grid.write("orders", x: 2, y: 1, width: 20, role: .title)
/// print(grid.textDump())
/// ```
public struct ScreenGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    /// A grid of blanks in `role`.
    public init(width: Int, height: Int, role: StyleRole = .text) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(role), count: self.width * self.height)
    }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets one cell if it is on the grid.
    @inlinable
    public mutating func set(_ x: Int, _ y: Int, scalar: UInt32, role: StyleRole) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        self[x, y] = Cell(scalar: scalar, role: role)
    }

    /// Fills `rect` (clipped to the grid) with `scalar` in `role`.
    public mutating func fill(_ rect: Rect, scalar: UInt32 = 0x20, role: StyleRole) {
        let cell = Cell(scalar: scalar, role: role)
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            let start = y * width
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[start + x] = cell }
        }
    }

    /// Changes the role of every cell in `rect`, keeping the glyphs (a selection highlight).
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            let start = y * width
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[start + x].role = role }
        }
    }
}
