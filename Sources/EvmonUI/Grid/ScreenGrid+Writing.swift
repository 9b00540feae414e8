import EvmonModel

extension ScreenGrid {
    /// Writes `text` at (`x`, `y`) in at most `width` columns; pads the rest of the span with
    /// blanks when `pad` is true. Returns the columns written (before padding).
    ///
    /// A wide glyph that would straddle the edge is replaced by a blank, never cut in half. With
    /// `marksCut`, text that does not fit ends in `…`, so a cut name or number is never read as
    /// a whole one (`orders/2@236` for offset 2360).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, width: Int, role: StyleRole, pad: Bool = true, marksCut: Bool = false) -> Int {
        var writer = RowWriter(x: x, y: y, width: width)
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            scalars.formIndex(after: &index)
            if !writer.put(scalar.value, role: role, into: &self) {
                if scalars[index...].contains(where: { DisplayWidth.of($0.value) > 0 }) { writer.overflowed = true }
                break
            }
        }
        if marksCut { writer.markCut(role: role, into: &self) }
        let written = writer.written
        if pad { writer.pad(role: role, into: &self) }
        return written
    }

    /// Writes raw bytes (a key, a value preview) decoded as UTF-8, escaping whatever is not
    /// printable. Reads only as many bytes as fit, so a 10 MB value costs as much as a short one.
    @discardableResult
    ///
    /// `skipping` columns of the text are left out first (a value scrolled sideways); a glyph or
    /// escape straddling that edge is left out whole.
    public mutating func write(bytes: [UInt8], x: Int, y: Int, width: Int, role: StyleRole, pad: Bool = true, marksCut: Bool = false, skipping: Int = 0) -> Int {
        var writer = RowWriter(x: x, y: y, width: width)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var skipped = 0
            while index < buffer.count, skipped < skipping {
                switch decodeUTF8(buffer, at: index) {
                case .invalid:
                    skipped += 4
                    index += 1
                case .scalar(let scalar, let length):
                    skipped += ShownWidth.of(scalar)
                    index += length
                }
            }
            while index < buffer.count {
                let fits: Bool
                switch decodeUTF8(buffer, at: index) {
                case .invalid(let byte):
                    fits = writer.putEscape("\\x", hex: UInt32(byte), digits: 2, into: &self)
                    index += 1
                case .scalar(let scalar, let length):
                    fits = writer.put(scalar, role: role, into: &self)
                    index += length
                }
                if !fits {
                    // Bytes left over are more text: the value was cut.
                    if index < buffer.count { writer.overflowed = true }
                    return
                }
            }
        }
        if marksCut { writer.markCut(role: role, into: &self) }
        let written = writer.written
        if pad { writer.pad(role: role, into: &self) }
        return written
    }
}

/// Places scalars left to right within a column budget, escaping controls.
struct RowWriter {
    private(set) var column: Int
    let y: Int
    let limit: Int
    let start: Int

    init(x: Int, y: Int, width: Int) {
        column = x
        self.y = y
        start = x
        limit = x + max(0, width)
    }

    var written: Int { column - start }
    /// True when something did not fit: a glyph or escape at the edge, or text after it.
    var overflowed = false

    /// Puts one scalar; false once the budget is spent.
    mutating func put(_ scalar: UInt32, role: StyleRole, into grid: inout ScreenGrid) -> Bool {
        if scalar < 0x20 || scalar == 0x7F {
            switch scalar {
            case 0x0A: return putEscape("\\n", hex: nil, digits: 0, into: &grid)
            case 0x09: return putEscape("\\t", hex: nil, digits: 0, into: &grid)
            case 0x0D: return putEscape("\\r", hex: nil, digits: 0, into: &grid)
            default: return putEscape("\\x", hex: scalar, digits: 2, into: &grid)
            }
        }
        if scalar >= 0x80, isInvisibleControl(scalar) {
            return putEscape("\\u", hex: scalar, digits: 4, into: &grid)
        }
        let columns = DisplayWidth.of(scalar)
        if columns == 0 { return column < limit }
        guard column + columns <= limit else {
            // A wide glyph at the edge: blank the last column rather than split the glyph.
            if column < limit { grid.set(column, y, scalar: 0x20, role: role); column += 1 }
            overflowed = true
            return false
        }
        grid.set(column, y, scalar: scalar, role: role)
        if columns == 2 { grid.set(column + 1, y, scalar: Cell.continuationScalar, role: role) }
        column += columns
        return column < limit
    }

    /// Puts an escape like `\x1b` in the `.escaped` role, as much of it as fits.
    mutating func putEscape(_ prefix: String, hex: UInt32?, digits: Int, into grid: inout ScreenGrid) -> Bool {
        var text = Array(prefix.unicodeScalars.map(\.value))
        if let hex {
            let digitsText = String(hex, radix: 16)
            text += Array(repeating: 0x30, count: max(0, digits - digitsText.count)) + digitsText.unicodeScalars.map(\.value)
        }
        for scalar in text {
            guard column < limit else {
                overflowed = true
                return false
            }
            grid.set(column, y, scalar: scalar, role: .escaped)
            column += 1
        }
        return column < limit
    }

    /// Ends a cut run in `…` in its last column (blanking the head of a wide glyph it splits).
    mutating func markCut(role: StyleRole, into grid: inout ScreenGrid) {
        guard overflowed, limit > start else { return }
        let last = limit - 1
        if last > start, last < grid.width, y >= 0, y < grid.height, grid[last, y].scalar == Cell.continuationScalar {
            grid.set(last - 1, y, scalar: 0x20, role: role)
        }
        grid.set(last, y, scalar: 0x2026, role: role)
        column = limit
    }

    /// Blanks the rest of the budget.
    mutating func pad(role: StyleRole, into grid: inout ScreenGrid) {
        while column < limit {
            grid.set(column, y, scalar: 0x20, role: role)
            column += 1
        }
    }
}
