import EvmonModel

/// Typing after `/`: substrings filter as they are typed; `re:` and `jq:` filters apply on Enter.
func editFilter(_ text: String, key: Key, in state: inout AppState) -> [Effect] {
    switch PromptEdit(key, text) {
    case .cancel:
        state.view.mode = .normal
    case .submit:
        state.view.mode = .normal
        applyFilter(text, in: &state, reportErrors: true)
    case .edited(let edited):
        state.view.mode = .filter(edited)
        if !isDeferred(edited) { applyFilter(edited, in: &state, reportErrors: false) }
    case .ignored:
        break
    }
    return []
}

/// Regexes and jq programs are often invalid while half typed: they apply on Enter only.
private func isDeferred(_ text: String) -> Bool {
    !text.isEmpty && ["re:", "jq:"].contains { text.hasPrefix($0) || $0.hasPrefix(text) }
}

private func applyFilter(_ text: String, in state: inout AppState, reportErrors: Bool) {
    if text.isEmpty {
        setFilter(nil, in: &state)
        return
    }
    do {
        setFilter(try StreamFilter(parsing: text), in: &state)
    } catch {
        if reportErrors { state.view.notice = Notice(error.description, isError: true, at: state.now) }
    }
}

/// Typing after `:`; Enter runs the command.
func editCommand(_ text: String, key: Key, in state: inout AppState) -> [Effect] {
    switch PromptEdit(key, text) {
    case .cancel:
        state.view.mode = .normal
    case .submit:
        state.view.mode = .normal
        return runCommand(text, in: &state)
    case .edited(let edited):
        // Backspace on an empty command line leaves command mode, as in vim.
        state.view.mode = text.isEmpty && key == .backspace ? .normal : .command(edited)
    case .ignored:
        break
    }
    return []
}

/// What a key does to a one-line prompt.
enum PromptEdit: Equatable {
    case cancel, submit, ignored
    case edited(String)

    init(_ key: Key, _ text: String) {
        switch key {
        case .escape: self = .cancel
        case .enter: self = .submit
        case .backspace: self = .edited(String(text.dropLast()))
        case .character(let character): self = .edited(text + String(character))
        default: self = .ignored
        }
    }
}

/// The `:` commands: `q`, `topic NAME…`, `seek POSITION`, `theme NAME`, `filter TEXT`, `help`.
func runCommand(_ line: String, in state: inout AppState) -> [Effect] {
    let words = line.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    let arguments = Array(words.dropFirst())
    func fail(_ message: String) -> [Effect] {
        state.view.notice = Notice(message, isError: true, at: state.now)
        return []
    }
    switch verb {
    case "q", "q!", "quit", "exit":
        state.view.quitRequested = true
    case "topic", "topics", "t":
        guard !arguments.isEmpty else { return fail(":topic needs one or more topic names") }
        let unknown = arguments.filter { state.topics[$0] == nil }
        guard unknown.isEmpty else {
            return fail("unknown topic '\(unknown[0])' (known: \(state.topicNames.joined(separator: ", ")))")
        }
        stream(arguments, in: &state)
        state.view.focus = .stream
        return syncTails(&state)
    case "seek", "s":
        let target = arguments.joined(separator: " ")
        guard let position = seekPosition(target, now: state.now) else {
            return fail(":seek \(target): expected earliest, latest, an offset N, -N, -5m (ago), a time 2026-11-26T10:15:00Z or @EPOCH_MS")
        }
        state.view.notice = Notice("seeking \(state.view.stream.topics.joined(separator: ", ")) to \(target)", at: state.now)
        return seek(to: position, in: &state)
    case "theme":
        guard arguments.count == 1 else { return fail(":theme NAME (default, light, high-contrast) or a theme file") }
        return [.applyTheme(arguments[0])]
    case "watches", "w":
        guard arguments.count == 1 else { return fail(":watches FILE (a watch file, e.g. examples/watches/orders.yaml)") }
        return [.loadWatches(path: arguments[0])]
    case "filter", "f":
        applyFilter(arguments.joined(separator: " "), in: &state, reportErrors: true)
    case "help", "h":
        state.view.overlay = .help
    default:
        return fail("unknown command '\(verb)' (try :help)")
    }
    return []
}

/// `:seek` targets: the `--from` forms, plus a time ago (`-30s`, `-5m`, `-2h`) and an ISO-8601 time.
func seekPosition(_ text: String, now: Int64) -> StartPosition? {
    if text.hasPrefix("-"), let unit = text.last, let amount = Int64(text.dropFirst().dropLast()), amount > 0 {
        let scale: Int64? = switch unit {
        case "s": 1_000
        case "m": 60_000
        case "h": 3_600_000
        case "d": 86_400_000
        default: nil
        }
        if let scale { return .timestamp(now - amount * scale) }
    }
    if let time = Timestamps.parseISO8601(text) { return .timestamp(time) }
    return try? StartPosition(parsing: text)
}
