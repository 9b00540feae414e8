import EvmonPresentation
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
        let columns = WatchColumns(width: inside.width, kinds: results.map(\.kind))
        var header = Columns(in: inside, row: 0)
        header.text("", width: 4, role: .header, in: &grid)
        header.text("WATCH", width: columns.name, role: .header, in: &grid)
        if columns.kind > 0 { header.text("KIND", width: columns.kind, role: .header, in: &grid) }
        if columns.showsSeen { header.text("SEEN", width: 6, role: .header, in: &grid, alignRight: true) }
        header.text("FAIL", width: 5, role: .header, in: &grid, alignRight: true)
        if columns.showsOpen { header.text("OPEN", width: header.remaining, role: .header, in: &grid) }
        let top = ListWindow.top(cursor: state.view.watchCursor, count: results.count, height: listRows)
        for (row, index) in (top..<min(results.count, top + listRows)).enumerated() {
            let result = results[index]
            var line = Columns(in: inside, row: row + 1)
            line.text(result.status.badge, width: 4, role: result.status.role, in: &grid)
            line.text(result.name, width: columns.name, role: .text, in: &grid)
            if columns.kind > 0 { line.text(result.kind, width: columns.kind, role: .dim, in: &grid) }
            if columns.showsSeen { line.text(Compact.count(Int64(result.evaluated)), width: 6, role: .text, in: &grid, alignRight: true) }
            line.text(Compact.count(Int64(result.failures)), width: 5, role: result.failures > 0 ? .error : .text, in: &grid, alignRight: true)
            if columns.showsOpen { line.text(result.open > 0 ? String(result.open) : "", width: line.remaining, role: .pending, in: &grid) }
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

/// Column widths of the watches pane: the name gets what the numbers leave. Narrow panes drop
/// the kind, then what was seen and the open obligations, so that no count is ever cut and the
/// name keeps room; FAIL always stays.
struct WatchColumns {
    var name: Int
    var kind = 0
    var showsSeen = true
    var showsOpen = true

    init(width: Int, kinds: [String]) {
        // Badge 4, FAIL 5, each with its gutter.
        let fixed = 5 + 6
        if width >= 60 {
            kind = Columns.fittingWidth(kinds, minimum: 4, maximum: width >= 80 ? 15 : 11)
            name = max(10, width - fixed - (kind + 1) - 7 - 5)
        } else if width >= 40 {
            showsOpen = false
            name = width - fixed - 7
        } else {
            showsSeen = false
            showsOpen = false
            name = max(1, width - fixed)
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
