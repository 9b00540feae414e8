import EvmonModel

extension PaneFeature {
    /// Watches: live verdicts; enter jumps to the selected watch's offending message.
    static let watches = PaneFeature(
        id: .watches, title: "Watches", slot: PaneSlot(.left, .rest),
        bindings: [
            KeyBinding([.enter], .open, help: "jump to the offending message", hint: "offender"),
        ],
        move: { rows, state in
            state.view.watchCursor = clampedRow(state.view.watchCursor + rows, count: state.watches.results.count)
        },
        reduce: { command, state in
            command == .open ? jumpToOffender(in: &state) : nil
        })
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
    return jumpToMessage(topic: topic, partition: partition, offset: offset, why: "\(results[state.view.watchCursor].name): its offending message", in: &state)
}
