import EvmonModel

/// Sideways scrolling of long text: the stream's values and detail's lines move by a step of
/// columns; detail can wrap instead (`w`).
enum SidewaysScroll {
    /// Columns one `←`/`→` moves.
    static let step = 16

    /// An upper bound of the columns `text` takes on screen (a control is shown as a 4-column
    /// escape, anything past U+1100 may be wide), for clamping scrolls: the model does not know
    /// the renderer's exact widths, and a bound that is a little high only lets a scroll go a
    /// little past the end.
    static func columnsAtMost(_ text: some Sequence<Unicode.Scalar>) -> Int {
        text.reduce(0) { total, scalar in
            total + (scalar.value < 0x20 || scalar.value == 0x7F ? 4 : scalar.value >= 0x1100 ? 2 : 1)
        }
    }

    /// `←`/`→` in the stream: every row's value moves, until the longest value shown has its
    /// last `step` columns left.
    static func scrollStream(by columns: Int, in state: inout AppState) {
        let stream = state.view.stream
        let longest = stream.visibleRowNumbers.compactMap { number -> Int? in
            guard let value = stream.row(number).flatMap(state.record)?.record.readableValue else { return nil }
            return columnsAtMost(String(decoding: value.prefix(64 << 10), as: UTF8.self).unicodeScalars)
        }.max() ?? 0
        state.view.stream.scrollValues(by: columns, limit: longest - step)
    }

    /// `←`/`→` in detail: the lines move, up to the longest; nothing moves while wrapping.
    static func scrollDetail(by columns: Int, in state: inout AppState) {
        guard var detail = state.view.detail else { return }
        guard !detail.wraps else {
            state.view.notice = Notice("lines wrap: w to scroll them sideways instead", at: state.now)
            return
        }
        let longest = detail.document.lines.map { line in line.reduce(0) { $0 + columnsAtMost($1.text.unicodeScalars) } }.max() ?? 0
        let width = max(1, (state.view.layout.panes[.detail]?.width ?? 2) - 2)
        detail.column = min(max(0, detail.column + columns), max(0, longest - width))
        state.view.detail = detail
    }

    /// `w` in detail: wrap long lines, or cut and scroll them again.
    static func toggleWrap(in state: inout AppState) {
        guard var detail = state.view.detail else { return }
        detail.wraps.toggle()
        detail.column = 0
        state.view.detail = detail
    }

    /// Rows the detail document takes at `width` columns: wrapped lines count for several (an
    /// upper bound, as `columnsAtMost`), for clamping the vertical scroll.
    static func detailRows(_ detail: DetailView, width: Int) -> Int {
        guard detail.wraps, width > 0 else { return detail.document.lines.count }
        return detail.document.lines.reduce(0) { rows, line in
            let columns = line.reduce(0) { $0 + columnsAtMost($1.text.unicodeScalars) }
            return rows + max(1, (columns + width - 1) / width)
        }
    }
}
