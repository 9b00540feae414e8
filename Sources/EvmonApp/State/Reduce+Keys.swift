import EvmonPresentation
import EvmonModel

/// Keys: overlays and prompts take them first; otherwise the keymap turns them into commands.
func handleKey(_ key: Key, in state: inout AppState) -> [Effect] {
    if case .confirmReplay(let plans) = state.view.overlay {
        return answerReplayConfirmation(plans, key: key, in: &state)
    }
    if state.view.overlay == .trace {
        return handleTraceKey(key, in: &state)
    }
    if state.view.overlay == .help, let delta = helpScrollDelta(key, state) {
        let lastTop = HelpLayout(HelpPage(keymap: state.view.keymap), width: state.view.width, height: state.view.height).lastScroll
        state.view.helpScroll = min(max(0, state.view.helpScroll + delta), lastTop)
        return []
    }
    if state.view.overlay != nil {
        state.view.overlay = nil
        state.view.helpScroll = 0
        return []
    }
    switch state.view.mode {
    case .filter(let text):
        return editFilter(text, key: key, in: &state)
    case .command(let text):
        return editCommand(text, key: key, in: &state)
    case .replayTarget(let prompt):
        return editReplayTarget(prompt, key: key, in: &state)
    case .confirmOverwrite(let request):
        return confirmOverwrite(request, key: key, in: &state)
    case .normal:
        guard let command = state.view.keymap.command(for: key, in: state.view.focus) else {
            sayKeyDoesNothing(key, in: &state)
            return []
        }
        return perform(command, in: &state)
    }
}

/// Keys that scroll the help overlay instead of closing it.
private func helpScrollDelta(_ key: Key, _ state: AppState) -> Int? {
    let page = max(1, state.view.height - 6)
    switch key {
    case .character("j"), .down: return 1
    case .character("k"), .up: return -1
    case .pageDown, .control("f"): return page
    case .pageUp, .control("b"): return -page
    default: return nil
    }
}

/// Carries out one keymap command: the focused pane's feature answers it first (its `reduce`),
/// and what it leaves is the same everywhere.
func perform(_ command: UICommand, in state: inout AppState) -> [Effect] {
    // Esc cancels a running replay wherever the focus is, before a pane can take it.
    if command == .back, let progress = state.replayProgress, !progress.isCancelled {
        state.replayProgress?.isCancelled = true
        state.view.notice = Notice("cancelling the replay after the message being sent", at: state.now)
        return [.cancelReplays]
    }
    let pane = state.view.focus.feature
    if let effects = pane.reduce(command, &state) { return effects }
    switch command {
    case .focusNext: focus(state.view.focus.next, in: &state)
    case .focusPrevious: focus(state.view.focus.previous, in: &state)
    case .focus(let pane): focus(pane, in: &state)
    case .moveDown: pane.move(1, &state)
    case .moveUp: pane.move(-1, &state)
    case .pageDown: pane.move(pageSize(state), &state)
    case .pageUp: pane.move(-pageSize(state), &state)
    case .top: pane.move(Int.min / 2, &state)
    case .bottom: pane.move(Int.max / 2, &state)
    case .back: back(in: &state)
    case .startFilter:
        // The filter in force comes back selected: typing replaces it, ←/→ edit it.
        state.view.mode = .filter(PromptLine(state.view.stream.filter?.source ?? "", selected: true))
        state.view.filterHistory.rewind()
    case .startCommand:
        state.view.mode = .command("")
    case .toggleZoom:
        state.view.zoomed = state.view.zoomed == nil ? state.view.focus : nil
        state.view.fitStreamViewport()
    case .toggleHelp:
        state.view.overlay = .help
    case .quit:
        state.view.quitRequested = true
    case .halfPageDown: pane.move(max(1, pageSize(state) / 2), &state)
    case .halfPageUp: pane.move(-max(1, pageSize(state) / 2), &state)
    case .open, .toggle, .replay, .replayElsewhere, .editAndReplay, .nextMatch, .previousMatch, .scrollLeft, .scrollRight, .toggleWrap,
        .copyValue, .jumpToOrigin, .trace, .export, .mark:
        // Verbs a pane gives meaning to; this pane has none for it.
        break
    }
    return []
}

private func focus(_ pane: PaneID, in state: inout AppState) {
    state.view.focus = pane
    if state.view.zoomed != nil {
        state.view.zoomed = pane
        state.view.fitStreamViewport()
    }
}

private func pageSize(_ state: AppState) -> Int {
    max(1, state.view.layout.contentHeight(of: state.view.focus) - 1)
}

/// Esc where the pane has nothing to undo: clear the filter, else unzoom.
private func back(in state: inout AppState) {
    if state.view.stream.filter != nil {
        setFilter(nil, in: &state)
    } else if state.view.zoomed != nil {
        state.view.zoomed = nil
        state.view.fitStreamViewport()
    }
}
