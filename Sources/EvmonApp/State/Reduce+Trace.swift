import EvmonModel
import EvmonPresentation
import EvmonTrace
import EvmonDeadLetters

/// `t` on a message: the trace of its transaction. The buffers answer at once; the broker is
/// searched in the window around the message, and what it finds streams in.
func startTrace(from record: Record?, in state: inout AppState) -> [Effect] {
    guard let record else {
        state.view.notice = Notice("t traces a message's transaction: select a message first", at: state.now)
        return []
    }
    let links = state.settings.traceLinks
    guard let id = TraceMatcher.id(of: record, links: links) else {
        let named = (links.isEmpty ? TraceLink.defaults : links).prefix(4).map(\.description).joined(separator: ", ")
        state.view.notice = Notice("t: this message carries no id to trace by (\(named), …; set trace.by in the config file)", isError: true, at: state.now)
        return []
    }
    let matcher = TraceMatcher(value: id, links: links)
    let window = state.settings.traceWindow
    state.view.traceSearches += 1
    var view = TraceView(
        matcher: matcher, origin: state.view.focus, from: record.timestamp.clampedSubtracting(window),
        until: record.timestamp.clampedAdding(window), searchID: state.view.traceSearches)
    var buffered: [TraceMatch] = []
    for topic in state.topics.values {
        for ring in topic.buffer.partitions.values {
            for held in ring where held.record.timestamp >= view.from && held.record.timestamp <= view.until {
                if let link = matcher.link(of: held.record) { buffered.append(TraceMatch(record: held.record, link: link)) }
            }
        }
    }
    view.add(buffered)
    // The cursor starts on the message `t` was pressed on.
    if let index = view.rows.firstIndex(where: { $0.record.topic == record.topic && $0.record.partition == record.partition && $0.record.offset == record.offset }) {
        view.cursor = index
    }
    let partitions = Set(state.topics.values.flatMap { topic in
        topic.metadata.partitions.map { TopicPartition(topic: topic.metadata.name, partition: $0.id) }
    })
    state.view.trace = view
    state.view.overlay = .trace
    guard !partitions.isEmpty else {
        state.view.trace?.isSearching = false
        return []
    }
    return [.searchTrace(searchID: view.searchID, TraceSearch(partitions: partitions, from: view.from, until: view.until, matcher: matcher))]
}

/// A search's batch: its messages join the trace (a search Esc already left is ignored).
func traceSearched(_ searchID: Int, found: [TraceMatch], progress: TraceSearch.Progress, in state: inout AppState) {
    guard state.view.trace?.searchID == searchID else { return }
    state.view.trace?.add(found)
    state.view.trace?.progress[progress.topic] = progress
}

func traceSearchEnded(_ searchID: Int, error: String?, in state: inout AppState) {
    guard state.view.trace?.searchID == searchID else { return }
    state.view.trace?.isSearching = false
    state.view.trace?.searchError = error
}

/// Keys while the trace is open: move, Enter for a row's detail, `r` to re-produce it, Esc to
/// stop a running search (keeping what it found), then Esc back.
func handleTraceKey(_ key: Key, in state: inout AppState) -> [Effect] {
    guard let trace = state.view.trace else {
        state.view.overlay = nil
        return []
    }
    let page = max(1, state.view.height - 8)
    func move(_ rows: Int) { state.view.trace?.cursor = clampedRow(trace.cursor + rows, count: trace.rows.count) }
    switch key {
    case .character("j"), .down: move(1)
    case .character("k"), .up: move(-1)
    case .pageDown, .control("f"): move(page)
    case .pageUp, .control("b"): move(-page)
    case .character("g"), .home: move(Int.min / 2)
    case .character("G"), .end: move(Int.max / 2)
    case .enter:
        guard let row = trace.selected else { return [] }
        let effects = leaveTrace(in: &state)
        openDetail(row.record, in: &state)
        return effects
    case .character("r"):
        guard let row = trace.selected else { return [] }
        let id = DeadLetterID(topic: row.record.topic, partition: row.record.partition, offset: row.record.offset)
        let effects = leaveTrace(in: &state)
        return effects + (replayCommand(.replay, of: { _ in [id] }, in: &state) ?? [])
    case .escape where trace.isSearching:
        // The first Esc stops the search and keeps what it found; the next one goes back.
        state.view.trace?.isSearching = false
        state.view.trace?.searchError = "stopped by esc"
        return [.cancelTraceSearch]
    case .escape, .character("q"), .character("t"):
        return leaveTrace(in: &state)
    default:
        state.view.notice = Notice("in the trace: j/k move, enter detail, r re-produce, esc back", at: state.now)
    }
    return []
}

/// Closes the trace, back to the pane `t` was pressed in; a running search stops.
private func leaveTrace(in state: inout AppState) -> [Effect] {
    let searching = state.view.trace?.isSearching ?? false
    if let origin = state.view.trace?.origin { state.view.focus = origin }
    state.view.overlay = nil
    state.view.trace = nil
    return searching ? [.cancelTraceSearch] : []
}
