import EvmonPresentation

/// A key with no meaning where the focus is says so in the status line, briefly, instead of
/// silence: where it works, or that `?` lists the keys.
func sayKeyDoesNothing(_ key: Key, in state: inout AppState) {
    let pane = state.view.focus
    let elsewhere = state.view.keymap.bindings.filter { $0.keys.contains(key) }.compactMap(\.panes).flatMap { $0 }
    let titles = PaneID.allCases.filter(elsewhere.contains).map(\.title)
    let text = titles.isEmpty
        ? "\(key) is not a key; ? lists them"
        : "\(key) does nothing in \(pane.title) (it works in \(titles.joined(separator: ", ")))"
    state.view.notice = Notice(text, at: state.now)
}
