import EvmonApp

/// The renderer: a pure function from the model to a frame.
///
/// ```swift
/// let grid = ScreenRenderer.render(store.state)
/// driver.present(grid)
/// ```
public enum ScreenRenderer {
    /// The frame for `state` at the terminal size it records.
    public static func render(_ state: AppState) -> ScreenGrid {
        let view = state.view
        var grid = ScreenGrid(width: view.width, height: view.height)
        let layout = view.layout
        if layout.isTooSmall {
            drawTooSmall(view, grid: &grid)
            return grid
        }
        for (pane, rect) in layout.panes {
            let focused = pane == view.focus
            let drawer = pane.drawer
            let title = "\(pane.rawValue + 1) " + drawer.title(state, registered: pane.title)
            let inside = grid.box(rect, title: title, focused: focused)
            guard !inside.isEmpty else { continue }
            drawer.draw(state, in: inside, focused: focused, grid: &grid)
        }
        StatusBar.draw(state, in: layout.statusBar, grid: &grid)
        StatusBar.drawHints(state, in: layout.hintBar, grid: &grid)
        switch view.overlay {
        case .help?: HelpOverlay.draw(state, on: grid.bounds, grid: &grid)
        case .confirmReplay(let plans)?: ReplayConfirmOverlay.draw(plans, on: grid.bounds, grid: &grid)
        case .trace?: TraceOverlay.draw(state, on: grid.bounds, grid: &grid)
        case nil: break
        }
        return grid
    }

    private static func drawTooSmall(_ view: ViewState, grid: inout ScreenGrid) {
        let lines = [
            "terminal too small: \(view.width)×\(view.height)",
            "evmon needs \(ScreenLayout.minimumWidth)×\(ScreenLayout.minimumHeight)",
        ]
        for (index, line) in lines.enumerated() {
            let y = view.height / 2 - 1 + index
            let x = max(0, (view.width - DisplayWidth.of(line)) / 2)
            grid.write(line, x: x, y: y, width: view.width - x, role: index == 0 ? .warn : .dim, pad: false)
        }
    }
}
