import EvmonPresentation
import EvmonApp

/// Lays out fixed-width columns in a row; the last column takes what is left.
struct Columns {
    private(set) var x: Int
    let limit: Int
    let y: Int

    init(in rect: Rect, row: Int) {
        x = rect.x
        limit = rect.maxX
        y = rect.y + row
    }

    var remaining: Int { max(0, limit - x) }

    /// Writes `text` in a column of `width` (plus one space of gutter), padded; text that does
    /// not fit ends in `…`. Size number columns from their numbers (`fittingWidth`), so that
    /// only names are ever cut.
    mutating func text(_ text: String, width: Int, role: StyleRole, in grid: inout ScreenGrid, alignRight: Bool = false) {
        let columns = min(width, remaining)
        guard columns > 0 else { return }
        let shown = alignRight ? text.leftPadded(to: columns) : text
        grid.write(shown, x: x, y: y, width: columns, role: role, marksCut: true)
        x += columns
        gutter(in: &grid)
    }

    /// Writes raw bytes (keys, values) in a column of `width`, escaped; a cut value ends in `…`.
    mutating func bytes(_ bytes: [UInt8]?, width: Int, role: StyleRole, in grid: inout ScreenGrid, skipping: Int = 0) {
        let columns = min(width, remaining)
        guard columns > 0 else { return }
        if let bytes {
            grid.write(bytes: bytes, x: x, y: y, width: columns, role: role, marksCut: true, skipping: skipping)
        } else {
            grid.write("∅", x: x, y: y, width: columns, role: .dim)
        }
        x += columns
        gutter(in: &grid)
    }

    /// The width a column needs to show every one of `texts` whole, between `minimum` (its
    /// header) and `maximum`.
    static func fittingWidth(_ texts: some Sequence<String>, minimum: Int, maximum: Int = .max) -> Int {
        min(maximum, texts.reduce(minimum) { max($0, ShownWidth.of($1)) })
    }

    /// The width a column of raw bytes (keys) needs to show each of `values` whole, between
    /// `minimum` and `maximum`.
    static func fittingWidth(bytes values: some Sequence<[UInt8]?>, minimum: Int, maximum: Int) -> Int {
        min(maximum, values.reduce(minimum) { max($0, ShownWidth.of($1, limit: maximum * 4)) })
    }

    private mutating func gutter(in grid: inout ScreenGrid) {
        if x < limit {
            grid.write(" ", x: x, y: y, width: 1, role: .text)
            x += 1
        }
    }
}
