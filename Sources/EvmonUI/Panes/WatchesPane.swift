/// Watches: live assertion verdicts. Until a watch file is loaded, says how to load one.
enum WatchesPane {
    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        let lines = [
            "No watches loaded.",
            "Start with --watches FILE (try examples/watches/orders.yaml)",
        ]
        for (row, line) in lines.enumerated() where row < inside.height {
            grid.write(line, x: inside.x, y: inside.y + row, width: inside.width, role: .dim)
        }
    }
}
