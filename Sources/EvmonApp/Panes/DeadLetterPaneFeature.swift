import EvmonModel
import EvmonDeadLetters

extension PaneFeature {
    /// DLQ: dead letters grouped by reason; enter opens one (or folds a reason), space marks,
    /// `r`/`R`/`e` replay.
    static let deadLetters = PaneFeature(
        id: .dlq, title: "DLQ", slot: PaneSlot(.left, .shareOfRest(1, of: 2)),
        bindings: [
            KeyBinding([.enter], .open, help: "message detail; on a reason, fold or unfold it", hint: "detail"),
            KeyBinding([.character(" ")], .toggle, help: "mark for a bulk replay (on a reason: all of it)", hint: "mark"),
            KeyBinding([.character("r")], .replay, help: "replay marked, a reason, or one to its origin", hint: "replay"),
            KeyBinding([.character("R")], .replayElsewhere, help: "replay to another topic (typed at a prompt)"),
            KeyBinding([.character("e")], .editAndReplay, help: "edit the value in $EDITOR, then replay", hint: "edit+replay"),
            KeyBinding([.character("o")], .jumpToOrigin, help: "the message it was made from", hint: "origin"),
            KeyBinding([.character("y")], .copyValue, help: "copy the value to the clipboard"),
            KeyBinding.exporting,
            KeyBinding.tracing,
        ],
        move: { rows, state in
            let rowList = state.deadLetterRows
            state.view.deadLetters.cursor = clampedRow(state.view.deadLetters.cursor + rows, count: rowList.count)
            state.view.deadLetters.anchor = rowList.indices.contains(state.view.deadLetters.cursor) ? rowList[state.view.deadLetters.cursor].id : nil
        },
        reduce: { command, state in
            switch command {
            case .open: return openRowUnderCursor(in: &state)
            case .toggle: toggleMark(in: &state)
            case .export: startExport(in: &state)
            case .jumpToOrigin: return jumpToOrigin(of: entryUnderCursor(state), in: &state)
            case .trace:
                let entry = entryUnderCursor(state)
                return startTrace(from: entry.flatMap { state.record($0.reference)?.record ?? state.bufferedRecord(at: $0.id) }, in: &state)
            case .copyValue:
                let entry = entryUnderCursor(state)
                let record = entry.flatMap { state.record($0.reference)?.record ?? state.bufferedRecord(at: $0.id) }
                if entry != nil, record == nil {
                    state.view.notice = Notice("no longer buffered: enter fetches it, then y in its detail", at: state.now)
                    return []
                }
                return CopyValue.copy(record, in: &state)
            default: return replayCommand(command, of: markedOrUnderCursor, in: &state)
            }
            return []
        })
}

/// Enter on a reason folds or unfolds it; on an entry it opens the message (fetched from the
/// broker when no longer buffered).
private func openRowUnderCursor(in state: inout AppState) -> [Effect] {
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
    return []
}

/// The dead letter under the cursor (`nil` on a reason's row).
private func entryUnderCursor(_ state: AppState) -> DeadLetterEntry? {
    let rows = state.deadLetterRows
    guard rows.indices.contains(state.view.deadLetters.cursor), case .entry(let entry) = rows[state.view.deadLetters.cursor] else { return nil }
    return entry
}

/// Space: marks or unmarks the entry, or a whole group.
private func toggleMark(in state: inout AppState) {
    let rows = state.deadLetterRows
    guard rows.indices.contains(state.view.deadLetters.cursor) else { return }
    switch rows[state.view.deadLetters.cursor] {
    case .entry(let entry):
        if state.view.deadLetters.marked.remove(entry.id) == nil { state.view.deadLetters.marked.insert(entry.id) }
    case .group(let group):
        let ids = Set(group.ids)
        if ids.isSubset(of: state.view.deadLetters.marked) {
            state.view.deadLetters.marked.subtract(ids)
        } else {
            state.view.deadLetters.marked.formUnion(ids)
        }
    }
}

/// What `r` replays: the marked entries, else those under the cursor (a group row stands for
/// its entries).
func markedOrUnderCursor(_ state: AppState) -> [DeadLetterID] {
    let rows = state.deadLetterRows
    let marked = state.view.deadLetters.marked
    if !marked.isEmpty {
        // In the pane's order (folded reasons included), so a bulk replay goes out as the user
        // sees it; marks whose entries left the list come last.
        let listed = rows.groups.flatMap(\.ids).filter(marked.contains)
        return listed + marked.subtracting(listed).sorted()
    }
    guard rows.indices.contains(state.view.deadLetters.cursor) else { return [] }
    switch rows[state.view.deadLetters.cursor] {
    case .group(let group): return group.ids
    case .entry(let entry): return [entry.id]
    }
}
