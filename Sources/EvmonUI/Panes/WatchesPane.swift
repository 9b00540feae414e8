import EvmonWatches
import EvmonApp

/// Watches: pass / fail / pending per watch with counts, and why the selected one fails.
enum WatchesPane: PaneDrawer {
    static func title(_ state: AppState, registered: String) -> String {
        guard let path = state.watches.path else { return registered }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let failing = state.watches.failingCount
        return "\(registered) · \(name)" + (failing > 0 ? " · \(failing) failing" : "")
    }

    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        let results = state.watches.results
        guard !results.isEmpty else {
            let lines = [
                state.watches.loadError ?? "No watches loaded.",
                "Load rules with --watches FILE or :watches FILE",
                "(try examples/watches/orders.yaml)",
            ]
            for (row, line) in lines.enumerated() where row < inside.height {
                grid.write(line, x: inside.x, y: inside.y + row, width: inside.width, role: row == 0 && state.watches.loadError != nil ? .error : .dim)
            }
            return
        }
        // The list takes what the selected watch's explanation (three rows) leaves.
        let explanationRows = inside.height >= 8 ? 3 : 0
        let listRows = inside.height - 1 - explanationRows
        // The kind column is as wide as the longest kind, so the names get the room (cut ones end in `…`).
        let kindWidth = Columns.fittingWidth(results.map(\.kind), minimum: 4, maximum: inside.width >= 80 ? 15 : 11)
        let nameWidth = max(10, inside.width - 5 - (kindWidth + 1) - 8 - 6 - 5)
        var header = Columns(in: inside, row: 0)
        header.text("", width: 4, role: .header, in: &grid)
        header.text("WATCH", width: nameWidth, role: .header, in: &grid)
        header.text("KIND", width: kindWidth, role: .header, in: &grid)
        header.text("SEEN", width: 7, role: .header, in: &grid, alignRight: true)
        header.text("FAIL", width: 5, role: .header, in: &grid, alignRight: true)
        header.text("OPEN", width: header.remaining, role: .header, in: &grid)
        let top = ListWindow.top(cursor: state.view.watchCursor, count: results.count, height: listRows)
        for (row, index) in (top..<min(results.count, top + listRows)).enumerated() {
            let result = results[index]
            var columns = Columns(in: inside, row: row + 1)
            columns.text(result.status.badge, width: 4, role: result.status.role, in: &grid)
            columns.text(result.name, width: nameWidth, role: .text, in: &grid)
            columns.text(result.kind, width: kindWidth, role: .dim, in: &grid)
            columns.text(Compact.count(Int64(result.evaluated)), width: 7, role: .text, in: &grid, alignRight: true)
            columns.text(Compact.count(Int64(result.failures)), width: 5, role: result.failures > 0 ? .error : .text, in: &grid, alignRight: true)
            columns.text(result.open > 0 ? String(result.open) : "", width: columns.remaining, role: .pending, in: &grid)
            if index == state.view.watchCursor, focused {
                grid.restyle(Rect(x: inside.x, y: inside.y + row + 1, width: inside.width, height: 1), role: .selection)
            }
        }
        guard explanationRows > 0, results.indices.contains(state.view.watchCursor) else { return }
        let selected = results[state.view.watchCursor]
        var lines: [StyledLine] = []
        if let latest = selected.latestFailure {
            lines.append([TextSpan("latest ", .label), TextSpan(latest.shownCoordinates + " ", .text), TextSpan(latest.why, .error)])
        }
        if let first = selected.firstFailure, selected.failures > 1 {
            lines.append([TextSpan("first  ", .label), TextSpan(first.shownCoordinates + " ", .text), TextSpan(first.why, .error)])
        }
        if let note = selected.note { lines.append([TextSpan(note, .dim)]) }
        if selected.latestFailure != nil { lines.append([TextSpan("enter: show the offending message", .dim)]) }
        let firstRow = inside.height - explanationRows
        for (offset, line) in lines.prefix(explanationRows).enumerated() {
            grid.write(line, x: inside.x, y: inside.y + firstRow + offset, width: inside.width, marksCut: true)
        }
    }
}

extension WatchStatus {
    /// How the pane spells the verdict.
    var badge: String {
        switch self {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .pending: "PEND"
        }
    }

    var role: StyleRole {
        switch self {
        case .pass: .ok
        case .fail: .error
        case .pending: .pending
        }
    }
}
