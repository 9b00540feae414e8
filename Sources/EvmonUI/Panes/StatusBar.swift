import EvmonPresentation
import EvmonModel
import EvmonApp

/// The status row (broker, connection, rate, drops, read-only, notices) and the hint row
/// (key hints from the keymap, or the prompt being typed).
enum StatusBar {
    static func draw(_ state: AppState, in rect: Rect, grid: inout ScreenGrid) {
        grid.fill(rect, role: .statusBar)
        var row = RunWriter(rect)
        func put(_ text: String, _ role: StyleRole) { row.put(text, role, in: &grid) }
        put(" evmon ", .statusKey)
        put(" \(state.brokerURL) ", .statusBar)
        let (connection, connectionRole) = describe(state.connection, now: state.now)
        put(connection, connectionRole)
        switch state.statusRate {
        case .catchingUp(let rate): put("  catching up \(Compact.rate(rate)) msg/s", .warn)
        case .broker(let rate): put("  broker \(Compact.rate(rate)) msg/s", .statusBar)
        }
        let dropped = state.droppedCount
        if dropped > 0 { put("  drops \(Compact.count(Int64(dropped)))", .warn) }
        if state.view.isReadOnly { put("  READ-ONLY", .statusKey) }
        if let progress = state.replayProgress {
            put("  replaying \(progress.done)/\(progress.total)", progress.failed + progress.unknown > 0 ? .warn : .statusKey)
        }
        if !state.watches.results.isEmpty {
            let failing = state.watches.failingCount
            put(failing > 0 ? "  ✖ \(failing) watch\(failing == 1 ? "" : "es") failing" : "  ✔ watches pass", failing > 0 ? .error : .ok)
        }
        if let notice = state.view.notice, state.now - notice.at < 8_000 {
            row.put("  " + notice.text, notice.isError ? .error : .ok, in: &grid, marksCut: true)
        } else if let error = state.lastError {
            put("  " + error, .error)
        }
    }

    static func describe(_ connection: ConnectionState, now: Int64) -> (String, StyleRole) {
        switch connection {
        case .connecting: ("◌ connecting", .warn)
        case .connected: ("● connected", .ok)
        case .reconnecting(let retryAt, let reason):
            ("◌ reconnecting in \(max(0, (retryAt - now + 999) / 1000))s (\(reason))", .warn)
        case .failed(let reason): ("✖ \(reason)", .error)
        }
    }

    static func drawHints(_ state: AppState, in rect: Rect, grid: inout ScreenGrid) {
        grid.fill(rect, role: .hint)
        if PromptBar.draw(state, in: rect, grid: &grid) { return }
        // `? help` and `q quit` always show, at the end: the way to learn the rest and the way out.
        let hints = state.view.keymap.hints(in: state.view.focus).filter { $0.hint != nil }
        let kept = hints.filter { $0.command == .toggleHelp || $0.command == .quit }
        let reserved = kept.reduce(0) { $0 + hintWidth($1) }
        var x = rect.x + 1
        // The last hint's trailing space may fall off the edge.
        let limit = rect.maxX + 1
        for binding in hints where !kept.contains(binding) {
            guard x + hintWidth(binding) + reserved <= limit else { break }
            x += drawHint(binding, x: x, in: rect, grid: &grid)
        }
        for binding in kept where x + hintWidth(binding) <= limit {
            x += drawHint(binding, x: x, in: rect, grid: &grid)
        }
    }

    /// `<key> hint ` in cells: the key and the hint, the brackets, a space either side of the hint.
    private static func hintWidth(_ binding: KeyBinding) -> Int {
        DisplayWidth.of(binding.keys[0].description) + DisplayWidth.of(binding.hint ?? "") + 4
    }

    private static func drawHint(_ binding: KeyBinding, x start: Int, in rect: Rect, grid: inout ScreenGrid) -> Int {
        var x = start
        x += grid.write("<\(binding.keys[0].description)>", x: x, y: rect.y, width: rect.maxX - x, role: .statusKey, pad: false)
        x += grid.write(" \(binding.hint ?? "") ", x: x, y: rect.y, width: rect.maxX - x, role: .hint, pad: false)
        return x - start
    }
}
