import EvmonModel

/// Keys: overlays and prompts take them first; otherwise the keymap turns them into commands.
func handleKey(_ key: Key, in state: inout AppState) -> [Effect] {
    if case .confirmReplay(let plans) = state.view.overlay {
        return answerReplayConfirmation(plans, key: key, in: &state)
    }
    if state.view.overlay == .help, let delta = helpScrollDelta(key, state) {
        let visible = max(1, state.view.height - 4)
        state.view.helpScroll = min(max(0, state.view.helpScroll + delta), max(0, state.view.keymap.helpLines.count - visible))
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
    case .normal:
        guard let command = state.view.keymap.command(for: key, in: state.view.focus) else { return [] }
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

/// Carries out one keymap command.
func perform(_ command: UICommand, in state: inout AppState) -> [Effect] {
    switch command {
    case .focusNext: focus(state.view.focus.next, in: &state)
    case .focusPrevious: focus(state.view.focus.previous, in: &state)
    case .focus(let pane): focus(pane, in: &state)
    case .moveDown: move(by: 1, in: &state)
    case .moveUp: move(by: -1, in: &state)
    case .pageDown: move(by: pageSize(state), in: &state)
    case .pageUp: move(by: -pageSize(state), in: &state)
    case .top: moveToEnd(top: true, in: &state)
    case .bottom: moveToEnd(top: false, in: &state)
    case .open: return open(in: &state)
    case .back: return back(in: &state)
    case .startFilter:
        state.view.mode = .filter(state.view.stream.filter?.source ?? "")
    case .startCommand:
        state.view.mode = .command("")
    case .togglePause:
        state.view.stream.togglePause()
    case .toggleZoom:
        state.view.zoomed = state.view.zoomed == nil ? state.view.focus : nil
        state.view.fitStreamViewport()
    case .toggleHelp:
        state.view.overlay = .help
    case .toggleTopic:
        return toggleTopicUnderCursor(in: &state)
    case .toggleMark:
        toggleMark(in: &state)
    case .replay:
        return startReplay(editing: false, in: &state)
    case .replayElsewhere:
        return startReplay(editing: false, elsewhere: true, in: &state)
    case .editAndReplay:
        return startReplay(editing: true, in: &state)
    case .quit:
        state.view.quitRequested = true
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

/// Moves the focused pane's cursor (or scroll) by `delta`, clamped to what it lists.
private func move(by delta: Int, in state: inout AppState) {
    switch state.view.focus {
    case .topics:
        state.view.topicCursor = clamp(state.view.topicCursor + delta, count: state.topics.count)
    case .stream:
        state.view.stream.moveCursor(by: delta)
    case .detail:
        guard var detail = state.view.detail else { return }
        let lastTop = max(0, detail.document.lines.count - state.view.layout.contentHeight(of: .detail))
        detail.scroll = min(max(0, detail.scroll + delta), lastTop)
        state.view.detail = detail
    case .lag:
        state.view.lagCursor = clamp(state.view.lagCursor + delta, count: state.lagRows.count)
    case .dlq:
        let rows = state.deadLetterRows
        state.view.deadLetters.cursor = clamp(state.view.deadLetters.cursor + delta, count: rows.count)
        state.view.deadLetters.anchor = rows.indices.contains(state.view.deadLetters.cursor) ? rows[state.view.deadLetters.cursor].id : nil
    case .watches:
        state.view.watchCursor = clamp(state.view.watchCursor + delta, count: state.watches.results.count)
    }
}

private func moveToEnd(top: Bool, in state: inout AppState) {
    if state.view.focus == .stream {
        if top { state.view.stream.moveToOldest() } else { state.view.stream.follow() }
        return
    }
    move(by: top ? Int.min / 2 : Int.max / 2, in: &state)
}

private func clamp(_ value: Int, count: Int) -> Int {
    min(max(0, value), max(0, count - 1))
}

/// Enter: stream a topic, open a message, …
private func open(in state: inout AppState) -> [Effect] {
    switch state.view.focus {
    case .topics:
        let names = state.topicNames
        guard names.indices.contains(state.view.topicCursor) else { return [] }
        stream([names[state.view.topicCursor]], in: &state)
        state.view.focus = .stream
        return syncTails(&state)
    case .stream:
        guard let number = state.view.stream.selectedRowNumber, let reference = state.view.stream.row(number),
            let buffered = state.record(reference)
        else { return [] }
        openDetail(buffered.record, in: &state)
    case .dlq:
        let rows = state.deadLetterRows
        guard rows.indices.contains(state.view.deadLetters.cursor) else { return [] }
        switch rows[state.view.deadLetters.cursor] {
        case .group(let group):
            if state.view.deadLetters.collapsed.remove(group.summary) == nil { state.view.deadLetters.collapsed.insert(group.summary) }
            state.regroupDeadLetters()
            state.view.deadLetters.anchor = .group(group.summary)
            state.reanchorDeadLetterCursor()
        case .entry(let entry):
            guard let record = state.record(entry.reference)?.record ?? state.bufferedRecord(at: entry.id) else {
                return [.fetchRecord(TopicPartition(topic: entry.dlqTopic, partition: entry.reference.partition), entry.offset)]
            }
            openDetail(record, in: &state)
        }
    case .watches:
        return jumpToOffender(in: &state)
    case .detail:
        // Enter folds or unfolds stack traces; the scroll stays where it was.
        guard var detail = state.view.detail else { return [] }
        detail.unfoldsStackTraces.toggle()
        detail.document = DetailDocument(record: detail.record, deadLetter: detail.deadLetter, unfoldsStackTraces: detail.unfoldsStackTraces)
        detail.scroll = min(detail.scroll, max(0, detail.document.lines.count - 1))
        state.view.detail = detail
    case .lag:
        break
    }
    return []
}

func openDetail(_ record: Record, in state: inout AppState) {
    let deadLetter = state.settings.deadLetters.deadLetter(record) ?? state.brokerReportedDeadLetter(record)
    var detail = DetailView(record: record, document: DetailDocument(record: record, deadLetter: deadLetter))
    detail.deadLetter = deadLetter
    state.view.detail = detail
    state.view.focus = .detail
    if state.view.zoomed != nil { state.view.zoomed = .detail }
}

/// Esc: the nearest thing to undo — cancel a replay run, leave detail, clear the filter, unzoom.
private func back(in state: inout AppState) -> [Effect] {
    if let progress = state.replayProgress, !progress.isCancelled {
        state.replayProgress?.isCancelled = true
        state.view.notice = Notice("cancelling the replay after the message being sent", at: state.now)
        return [.cancelReplays]
    }
    if state.view.focus == .detail {
        state.view.focus = .stream
        if state.view.zoomed != nil { state.view.zoomed = .stream }
    } else if state.view.stream.filter != nil {
        setFilter(nil, in: &state)
    } else if state.view.zoomed != nil {
        state.view.zoomed = nil
        state.view.fitStreamViewport()
    }
    return []
}

private func toggleTopicUnderCursor(in state: inout AppState) -> [Effect] {
    let names = state.topicNames
    guard names.indices.contains(state.view.topicCursor) else { return [] }
    let name = names[state.view.topicCursor]
    var topics = state.view.stream.topics
    if let index = topics.firstIndex(of: name) { topics.remove(at: index) } else { topics.append(name) }
    stream(topics, in: &state)
    return syncTails(&state)
}

/// Enter on a watch: the row of its latest offending message in the stream, or that message in
/// the detail pane (fetched from the broker when no longer buffered).
private func jumpToOffender(in state: inout AppState) -> [Effect] {
    let results = state.watches.results
    guard results.indices.contains(state.view.watchCursor) else { return [] }
    guard let violation = results[state.view.watchCursor].latestFailure, let topic = violation.topic,
        let partition = violation.partition, let offset = violation.offset
    else {
        state.view.notice = Notice("\(results[state.view.watchCursor].name): no offending message", at: state.now)
        return []
    }
    let stream = state.view.stream
    let rowNumbers = stream.firstRowNumber..<stream.rowCount
    if let number = rowNumbers.last(where: { number in
        guard let reference = stream.row(number), reference.topic == topic, reference.partition == partition else { return false }
        return state.record(reference)?.record.offset == offset
    }) {
        state.view.stream.select(number)
        state.view.focus = .stream
        if state.view.zoomed != nil { state.view.zoomed = .stream }
        return []
    }
    if let held = state.topics[topic]?.buffer.partitions[partition]?.last(where: { $0.record.offset == offset }) {
        openDetail(held.record, in: &state)
        return []
    }
    return [.fetchRecord(TopicPartition(topic: topic, partition: partition), offset)]
}
