import EvmonPresentation
import EvmonApp

/// The `?` overlay: the keymap's keys (everywhere, then each pane's) and the `:` commands, in the
/// columns `HelpLayout` chose for the screen.
enum HelpOverlay {
    static func draw(_ state: AppState, on screen: Rect, grid: inout ScreenGrid) {
        let layout = HelpLayout(HelpPage(keymap: state.view.keymap), width: screen.width, height: screen.height)
        let width = layout.insideWidth(screenWidth: screen.width) + 2
        let height = layout.visibleRows + 2
        let box = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        grid.fill(box, role: .overlay)
        let scroll = min(state.view.helpScroll, layout.lastScroll)
        let rowCount = layout.columns.first?.count ?? 0
        let title = layout.lastScroll == 0
            ? "Keys — any key closes"
            : "Keys \(scroll + 1)–\(scroll + layout.visibleRows) of \(rowCount) — j/k scroll, any other key closes"
        let inside = grid.box(box, title: title, focused: true)
        grid.fill(inside, role: .overlay)
        for (index, column) in layout.columns.enumerated() {
            let x = inside.x + index * layout.columnWidth + 1
            let textX = x + layout.keyWidth + 2
            let textWidth = max(0, min(layout.textWidth, inside.maxX - textX - 1))
            for (offset, row) in column.dropFirst(scroll).prefix(inside.height).enumerated() {
                let y = inside.y + offset
                switch row {
                case .heading(let heading):
                    grid.write(heading, x: x, y: y, width: max(0, min(layout.keyWidth + 2 + layout.textWidth, inside.maxX - x - 1)), role: .overlayTitle)
                case .line(let line):
                    grid.write(line.keys, x: x, y: y, width: layout.keyWidth, role: .overlayTitle)
                    grid.write(line.text, x: textX, y: y, width: textWidth, role: .overlay)
                case .blank:
                    break
                }
            }
        }
    }
}
