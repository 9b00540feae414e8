import EvmonPresentation
import EvmonApp

/// Long styled lines fitted to a width: wrapped into several rows, or scrolled sideways.
enum LineLayout {
    /// `line` cut into rows of at most `width` columns (as the grid will show them, escapes
    /// included); a glyph never straddles two rows.
    static func wrap(_ line: StyledLine, width: Int) -> [StyledLine] {
        guard width > 0 else { return [line] }
        var rows: [StyledLine] = [[]]
        var used = 0
        for span in line {
            var run = String.UnicodeScalarView()
            for scalar in span.text.unicodeScalars {
                let columns = ShownWidth.of(scalar.value)
                if used + columns > width, used > 0 {
                    if !run.isEmpty { rows[rows.count - 1].append(TextSpan(String(run), span.kind)) }
                    rows.append([])
                    run = String.UnicodeScalarView()
                    used = 0
                }
                run.append(scalar)
                used += columns
            }
            if !run.isEmpty { rows[rows.count - 1].append(TextSpan(String(run), span.kind)) }
        }
        return rows
    }

    /// `line` without its first `columns` columns (a glyph straddling the edge is left out whole).
    static func dropping(_ columns: Int, of line: StyledLine) -> StyledLine {
        guard columns > 0 else { return line }
        var left = columns
        var kept: StyledLine = []
        for span in line {
            guard left > 0 else {
                kept.append(span)
                continue
            }
            var scalars = span.text.unicodeScalars[...]
            while left > 0, let first = scalars.first {
                left -= ShownWidth.of(first.value)
                scalars = scalars.dropFirst()
            }
            if !scalars.isEmpty { kept.append(TextSpan(String(String.UnicodeScalarView(scalars)), span.kind)) }
        }
        return kept
    }
}
