import EvmonApp

/// The `?` overlay: every binding of the keymap, with where it applies, and the `:` commands.
enum HelpOverlay {
    static func draw(_ state: AppState, on screen: Rect, grid: inout ScreenGrid) {
        let lines = state.view.keymap.helpLines
        let width = min(screen.width - 4, 76)
        let height = min(screen.height - 2, lines.count + 3)
        let box = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        grid.fill(box, role: .overlay)
        let fits = lines.count <= height - 2
        let scroll = fits ? 0 : min(state.view.helpScroll, lines.count - (height - 2))
        let title = fits ? "Keys — any key closes" : "Keys \(scroll + 1)–\(scroll + height - 2) of \(lines.count) — j/k scroll, any other key closes"
        let inside = grid.box(box, title: title, focused: true)
        grid.fill(inside, role: .overlay)
        for (row, line) in lines.dropFirst(scroll).prefix(inside.height).enumerated() {
            grid.write(line.0, x: inside.x + 1, y: inside.y + row, width: 16, role: .overlayTitle)
            grid.write(line.1, x: inside.x + 18, y: inside.y + row, width: max(0, inside.width - 19), role: .overlay)
        }
    }
}
