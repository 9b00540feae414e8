import EvmonPresentation
import EvmonModel

/// Typing after `/`: substrings filter as they are typed; `re:` and `jq:` filters apply on Enter;
/// ↑/↓ walk through the filters used before.
func editFilter(_ line: PromptLine, key: Key, in state: inout AppState) -> [Effect] {
    switch key {
    case .escape:
        state.view.mode = .normal
    case .enter:
        state.view.mode = .normal
        if applyFilter(line.text, in: &state, reportErrors: true), !line.text.isEmpty {
            state.view.filterHistory.remember(line.text)
        }
    case .up, .down:
        guard let recalled = state.view.filterHistory.step(key == .up ? -1 : 1, from: line.text) else { return [] }
        state.view.mode = .filter(PromptLine(recalled))
        if !isDeferred(recalled) { applyFilter(recalled, in: &state, reportErrors: false) }
    default:
        guard let edited = line.editing(key) else { return [] }
        state.view.mode = .filter(edited)
        if edited.text != line.text, !isDeferred(edited.text) { applyFilter(edited.text, in: &state, reportErrors: false) }
    }
    return []
}

/// Regexes and jq programs are often invalid while half typed: they apply on Enter only.
private func isDeferred(_ text: String) -> Bool {
    let filter = FilterScope.split(text).filter
    return !filter.isEmpty && ["re:", "jq:"].contains { filter.hasPrefix($0) || $0.hasPrefix(filter) }
}

/// Filters the stream by `text` (no filter when empty); a bad regex or jq program is a notice
/// when `reportErrors` (on Enter), and ignored while it is still being typed. True when the
/// filter applied; an error notice an earlier filter left is then cleared.
@discardableResult
func applyFilter(_ text: String, in state: inout AppState, reportErrors: Bool) -> Bool {
    if text.isEmpty {
        setFilter(nil, in: &state)
        return true
    }
    do {
        setFilter(try StreamFilter(parsing: text), in: &state)
        if reportErrors, state.view.notice?.isError == true { state.view.notice = nil }
        return true
    } catch {
        if reportErrors { state.view.notice = Notice(error.description, isError: true, at: state.now) }
        return false
    }
}

/// Typing after `:`; Tab completes the command's name, then its arguments (topic names for
/// `:topic`), Enter runs it.
func editCommand(_ line: PromptLine, key: Key, in state: inout AppState) -> [Effect] {
    switch key {
    case .escape:
        state.view.mode = .normal
    case .enter:
        state.view.mode = .normal
        return runCommand(line.text, in: &state)
    case .tab:
        if let completed = ColonCommand.completion(of: line.text, in: state) {
            state.view.mode = .command(PromptLine(completed))
        } else if let prefix = ColonCommand.filePrefix(of: line.text) {
            return [.listFiles(startingWith: prefix)]
        }
    case .backspace where line.text.isEmpty:
        // Backspace on an empty command line leaves command mode, as in vim.
        state.view.mode = .normal
    default:
        guard let edited = line.editing(key) else { return [] }
        state.view.mode = .command(edited)
    }
    return []
}

/// The session listed the files `prefix` may start: the `:` prompt's last word is completed as
/// far as they agree, if the prompt still ends with that word (typing went on meanwhile: nothing).
func completeFile(_ prefix: String, among paths: [String], in state: inout AppState) {
    guard case .command(let line) = state.view.mode, ColonCommand.filePrefix(of: line.text) == prefix,
        let completed = complete(prefix, among: paths)
    else { return }
    state.view.mode = .command(line.replacingLastWord(with: completed))
}

/// The longest completion of `typed` that every one of `candidates` starting with it agrees on,
/// or `nil` when it adds nothing.
func complete(_ typed: String, among candidates: [String]) -> String? {
    let matches = candidates.filter { $0.hasPrefix(typed) }
    guard let first = matches.first else { return nil }
    let shared = matches.dropFirst().reduce(first) { shared, name in String(zip(shared, name).prefix { $0 == $1 }.map(\.0)) }
    return shared.count > typed.count ? shared : nil
}

/// `:seek` targets: the `--from` forms, plus a time ago (`-30s`, `-5m`, `-2h`) and an ISO-8601 time.
func seekPosition(_ text: String, now: Int64) -> StartPosition? {
    try? StartPosition(parsing: text, now: now)
}
