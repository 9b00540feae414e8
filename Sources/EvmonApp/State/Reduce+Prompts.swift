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

/// Filters the stream by `text` (no filter when empty); a bad regex or jq program is a notice
/// when `reportErrors` (on Enter), and ignored while it is still being typed.
func applyFilter(_ text: String, in state: inout AppState, reportErrors: Bool) {
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

/// Typing after `:`; Tab completes the command's name, Enter runs it.
func editCommand(_ text: String, key: Key, in state: inout AppState) -> [Effect] {
    if key == .tab {
        if let completed = ColonCommand.completion(of: text) { state.view.mode = .command(completed) }
        return []
    }
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
