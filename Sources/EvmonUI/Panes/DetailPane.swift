import EvmonPresentation
import EvmonApp

/// Detail: every field of the opened message, scrolled.
enum DetailPane: PaneDrawer {
    static func title(_ state: AppState, registered: String) -> String {
        guard let detail = state.view.detail else { return registered }
        let lines = detail.document.lines.count
        let sideways = detail.wraps ? " · wrapped" : detail.column > 0 ? " · from column \(detail.column + 1)" : ""
        return "\(registered) · \(detail.record.shownCoordinates)" + (lines > 0 ? " · \(lines) lines" : "") + sideways
    }

    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        guard let detail = state.view.detail else {
            grid.write("Enter on a message shows it here: key, headers, pretty JSON or hex.", x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        // Wrapped, a long line takes several rows; otherwise it is cut (`…`) and `←`/`→` scroll it.
        let lines = detail.wraps
            ? detail.document.lines.flatMap { LineLayout.wrap($0, width: inside.width) }
            : detail.document.lines.map { LineLayout.dropping(detail.column, of: $0) }
        let top = min(detail.scroll, max(0, lines.count - inside.height))
        for row in 0..<inside.height where top + row < lines.count {
            grid.write(lines[top + row], x: inside.x, y: inside.y + row, width: inside.width, marksCut: true)
        }
    }
}
