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
            let inside = grid.box(rect, title: title(of: pane, state), focused: focused)
            guard !inside.isEmpty else { continue }
            switch pane {
            case .topics: TopicsPane.draw(state, in: inside, focused: focused, grid: &grid)
            case .stream: StreamPane.draw(state, in: inside, focused: focused, grid: &grid)
            case .detail: DetailPane.draw(state, in: inside, focused: focused, grid: &grid)
            case .lag: LagPane.draw(state, in: inside, focused: focused, grid: &grid)
            case .dlq: DeadLetterPane.draw(state, in: inside, focused: focused, grid: &grid)
            case .watches: WatchesPane.draw(state, in: inside, focused: focused, grid: &grid)
            }
        }
        StatusBar.draw(state, in: layout.statusBar, grid: &grid)
        StatusBar.drawHints(state, in: layout.hintBar, grid: &grid)
        switch view.overlay {
        case .help?: HelpOverlay.draw(state, on: grid.bounds, grid: &grid)
        case .confirmReplay(let plans)?: ReplayConfirmOverlay.draw(plans, on: grid.bounds, grid: &grid)
        case nil: break
        }
        return grid
    }

    static func title(of pane: PaneID, _ state: AppState) -> String {
        let number = "\(pane.rawValue + 1) "
        switch pane {
        case .stream: return number + StreamPane.title(state)
        case .detail: return number + DetailPane.title(state)
        case .dlq: return number + DeadLetterPane.title(state)
        case .watches: return number + WatchesPane.title(state)
        default: return number + pane.title
        }
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
