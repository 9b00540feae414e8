/// The `?` overlay: every binding of the keymap, with where it applies, and the `:` commands.
enum HelpOverlay {
    static func draw(_ state: AppState, on screen: Rect, grid: inout ScreenGrid) {
        var lines: [(String, String)] = state.view.keymap.bindings.map { binding in
            let scope = binding.panes.map { " (" + $0.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ") + ")" } ?? ""
            return (binding.keyLabel, binding.help + scope)
        }
        lines += [
            ("", ""),
            (":topic A B", "stream these topics"), (":seek POS", "earliest, latest, OFFSET, -N, -5m, 2026-11-26T10:15Z, @MS"),
            (":theme NAME", "default, light, high-contrast, or a file"), (":filter TEXT", "same as /"), (":watches FILE", "load a watch file (reloaded when it changes)"), (":q", "quit"),
        ]
        let width = min(screen.width - 4, 76)
        let height = min(screen.height - 2, lines.count + 3)
        let box = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        grid.fill(box, role: .overlay)
        let inside = grid.box(box, title: "Keys — any key closes", focused: true)
        grid.fill(inside, role: .overlay)
        for (row, line) in lines.prefix(inside.height).enumerated() {
            grid.write(line.0, x: inside.x + 1, y: inside.y + row, width: 16, role: .overlayTitle)
            grid.write(line.1, x: inside.x + 18, y: inside.y + row, width: max(0, inside.width - 19), role: .overlay)
        }
    }
}
