import EvmonWatches

extension ColonCommand {
    /// Every `:` command, in the order help and hints list them.
    public static let all: [ColonCommand] = [
        ColonCommand(["topic", "topics", "t"], "A B…", help: "stream these topics", completions: { $0.topicNames }) { arguments, state in
            guard !arguments.isEmpty else { return commandFailed(":topic needs one or more topic names", in: &state) }
            let unknown = arguments.filter { state.topics[$0] == nil }
            guard unknown.isEmpty else {
                return commandFailed("unknown topic '\(unknown[0])' (known: \(state.topicNames.joined(separator: ", ")))", in: &state)
            }
            stream(arguments, in: &state)
            state.view.focus = .stream
            return syncTails(&state)
        },
        ColonCommand(
            ["seek", "s"], "POS", help: "earliest, latest, N, -N, -5m, 2026-11-26T10:15Z, @MS", completions: { _ in ["earliest", "latest"] }
        ) { arguments, state in
            let target = arguments.joined(separator: " ")
            guard let position = seekPosition(target, now: state.now) else {
                return commandFailed(":seek \(target): expected earliest, latest, an offset N, -N, -5m (ago), a time 2026-11-26T10:15:00Z or @EPOCH_MS", in: &state)
            }
            state.view.notice = Notice("seeking \(state.view.stream.topics.joined(separator: ", ")) to \(target)…", at: state.now)
            return seek(to: position, target: target, in: &state)
        },
        ColonCommand(
            ["theme"], "NAME", help: "default, light, high-contrast, or a theme file", completions: { _ in ["default", "light", "high-contrast"] },
            completesFiles: true
        ) { arguments, state in
            guard arguments.count == 1 else { return commandFailed(":theme NAME (default, light, high-contrast) or a theme file", in: &state) }
            return [.applyTheme(arguments[0])]
        },
        ColonCommand(["filter", "f"], "TEXT", help: "filter the stream, as / does") { arguments, state in
            let text = arguments.joined(separator: " ")
            if applyFilter(text, in: &state, reportErrors: true), !text.isEmpty { state.view.filterHistory.remember(text) }
            return []
        },
        ColonCommand(["export"], "FILE", help: "save the filtered stream or marked dead letters", completesFiles: true) {
            arguments, state in exportCommand(arguments, in: &state)
        },
        ColonCommand(["watches", "w"], "FILE", help: "load a watch file (reloaded when it changes)", completesFiles: true) { arguments, state in
            guard arguments.count == 1 else { return commandFailed(":watches FILE (a watch file, e.g. examples/watches/orders.yaml)", in: &state) }
            return [.loadWatches(path: arguments[0])]
        },
        ColonCommand(["trace"], "WINDOW", help: "how far t searches around a message (10m)") { arguments, state in
            // `:trace 30m`, or `:trace window 30m` as the docs' longer form says it.
            let words = arguments.first == "window" ? Array(arguments.dropFirst()) : arguments
            guard words.count == 1, let window = try? WatchDuration.milliseconds(parsing: words[0]) else {
                return commandFailed(":trace WINDOW (500ms, 10s, 5m, 1h): how far t searches before and after a message", in: &state)
            }
            state.settings.traceWindow = window
            state.view.notice = Notice("t searches ±\(WatchDuration.text(window)) around a message", at: state.now)
            return []
        },
        ColonCommand(["help", "h"], help: "this help") { _, state in
            state.view.overlay = .help
            return []
        },
        ColonCommand(["q", "q!", "quit", "exit"], help: "quit") { _, state in
            state.view.quitRequested = true
            return []
        },
    ]
}
