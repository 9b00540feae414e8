import EvmonPresentation

/// The key table, k9s/vim style: the global bindings below, then each registered pane's own.
public struct Keymap: Sendable, Equatable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The command `key` means with `pane` focused; pane-specific bindings win over global ones.
    public func command(for key: Key, in pane: PaneID) -> UICommand? {
        let candidates = bindings.filter { $0.keys.contains(key) && $0.applies(in: pane) }
        return (candidates.first { $0.panes != nil } ?? candidates.first)?.command
    }

    /// Bindings worth a hint with `pane` focused, pane-specific first.
    public func hints(in pane: PaneID) -> [KeyBinding] {
        let applicable = bindings.filter { $0.hint != nil && $0.applies(in: pane) }
        return applicable.filter { $0.panes != nil } + applicable.filter { $0.panes == nil }
    }

    /// The bindings that apply everywhere, in the order help lists them.
    public var globalBindings: [KeyBinding] { bindings.filter { $0.panes == nil } }

    /// The default bindings: the global ones, and the registered panes' own.
    public static let standard = Keymap(bindings: global + PaneRegistry.all.flatMap(\.bindings))

    /// Keys that mean the same in every pane (a pane may still give `g`, `G`, `esc` a meaning of its own).
    static let global: [KeyBinding] = [
        KeyBinding([.tab, .character("]")], .focusNext, help: "next pane", hint: "pane"),
        KeyBinding([.backTab, .character("[")], .focusPrevious, help: "previous pane"),
    ] + PaneRegistry.focusBindings + [
        KeyBinding([.character("j"), .down], .moveDown, help: "down"),
        KeyBinding([.character("k"), .up], .moveUp, help: "up"),
        KeyBinding([.pageDown, .control("f")], .pageDown, help: "page down"),
        KeyBinding([.pageUp, .control("b")], .pageUp, help: "page up"),
        KeyBinding([.control("d")], .halfPageDown, help: "half a page down"),
        KeyBinding([.control("u")], .halfPageUp, help: "half a page up"),
        KeyBinding([.character("g"), .home], .top, help: "oldest / top"),
        KeyBinding([.character("G"), .end], .bottom, help: "bottom"),
        KeyBinding([.escape], .back, help: "back, clear filter, close, cancel a replay run"),
        KeyBinding([.character("/")], .startFilter, help: "filter (text, re:, jq:, !json; value: key: header:)", hint: "filter"),
        KeyBinding([.character(":")], .startCommand, help: "run " + ColonCommand.all.map(\.name).joined(separator: " "), hint: "cmd"),
        KeyBinding([.character("z")], .toggleZoom, help: "zoom the pane", hint: "zoom"),
        KeyBinding([.character("?")], .toggleHelp, help: "this help", hint: "help"),
        KeyBinding([.character("q"), .control("c")], .quit, help: "quit", hint: "quit"),
    ]
}
