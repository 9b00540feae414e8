/// What the `?` overlay says: the keys that work everywhere, each registered pane's own keys
/// under its title, and the `:` commands. Written from the keymap, the pane registry and the
/// command table, so it cannot fall behind them.
public struct HelpPage: Sendable, Equatable {
    /// One key (or command) and what it does.
    public struct Line: Sendable, Equatable {
        /// The keys as help spells them (`j/↓`), or a command's usage (`:seek POS`).
        public var keys: String
        /// What they do.
        public var text: String
    }

    /// A titled group of lines; sections are never split over the overlay's columns.
    public struct Section: Sendable, Equatable {
        /// `Everywhere`, a pane's title, or the commands' heading.
        public var title: String
        public var lines: [Line]
    }

    /// Everywhere first, then the panes in Tab order, then the `:` commands.
    public var sections: [Section]

    /// The page for `keymap`, with `panes`' keys in Tab order (panes without keys of their own
    /// get no section) and `commands` last.
    public init(keymap: Keymap, panes: [PaneFeature] = PaneRegistry.all, commands: [ColonCommand] = ColonCommand.all) {
        var everywhere: [Line] = []
        // A pane's binding of a global key to the same command only says what the command means
        // there (`G/end` in the stream follows): it is told on the global line, not listed twice.
        let panesByID = Dictionary(uniqueKeysWithValues: panes.map { ($0.id, $0) })
        func isRefinement(_ binding: KeyBinding) -> Bool {
            binding.panes != nil && keymap.globalBindings.contains { $0.keys == binding.keys && $0.command == binding.command }
        }
        func refinements(of global: KeyBinding) -> String {
            let own = keymap.bindings.filter { isRefinement($0) && $0.keys == global.keys && $0.command == global.command }
            return own.compactMap { binding in
                binding.panes?.sorted { $0.rawValue < $1.rawValue }.compactMap { panesByID[$0]?.title }.first.map { "; \($0): \(binding.help)" }
            }.joined()
        }
        let focusKeys = keymap.globalBindings.filter { if case .focus = $0.command { true } else { false } }
        for binding in keymap.globalBindings {
            guard case .focus = binding.command else {
                everywhere.append(Line(keys: binding.keyLabel, text: binding.help + refinements(of: binding)))
                continue
            }
            // The focus keys read as one line (`1…6  go to Topics, Stream, …`), where the first stood.
            guard binding == focusKeys.first, let last = focusKeys.last else { continue }
            let keys = focusKeys.count == 1 ? binding.keyLabel : binding.keyLabel + "…" + last.keyLabel
            let titles = focusKeys.compactMap { if case .focus(let pane) = $0.command { pane.title } else { nil } }
            everywhere.append(Line(keys: keys, text: "go to " + titles.joined(separator: ", ")))
        }
        sections = [Section(title: "Everywhere", lines: everywhere)]
        for pane in panes {
            let own = keymap.bindings.filter { $0.panes?.contains(pane.id) == true && !isRefinement($0) }
            guard !own.isEmpty else { continue }
            sections.append(Section(title: pane.title, lines: own.map { Line(keys: $0.keyLabel, text: $0.help) }))
        }
        sections.append(Section(title: "Commands (:, tab completes)", lines: commands.map { Line(keys: $0.usage, text: $0.help) }))
    }
}
