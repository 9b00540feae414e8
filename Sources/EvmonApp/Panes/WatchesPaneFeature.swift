import EvmonModel

extension PaneFeature {
    /// Watches: live verdicts; enter jumps to the selected watch's offending message.
    static let watches = PaneFeature(
        id: .watches, title: "Watches", slot: PaneSlot(.left, .rest),
        bindings: [
            KeyBinding([.enter], .open, help: "jump to the offending message", hint: "offender"),
            KeyBinding([.character("t")], .trace, help: "trace the offending message across topics"),
        ],
        move: { rows, state in
            state.view.watchCursor = clampedRow(state.view.watchCursor + rows, count: state.watches.results.count)
        },
        reduce: { command, state in
            switch command {
            case .open: jumpToOffender(in: &state)
            case .trace: traceOffender(in: &state)
            default: nil
            }
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

/// `t` on a watch: the trace of its latest offending message, so that a failing `followed_by`
/// shows what did follow and when. The message must still be buffered (enter fetches it).
private func traceOffender(in state: inout AppState) -> [Effect] {
    let results = state.watches.results
    guard results.indices.contains(state.view.watchCursor) else { return [] }
    let result = results[state.view.watchCursor]
    guard let violation = result.latestFailure, let topic = violation.topic, let partition = violation.partition, let offset = violation.offset else {
        state.view.notice = Notice("\(result.name): no offending message to trace", at: state.now)
        return []
    }
    guard let record = state.topics[topic]?.buffer.partitions[partition]?.last(where: { $0.record.offset == offset })?.record else {
        state.view.notice = Notice("\(result.name): its offending message is no longer buffered: enter fetches it, then t in its detail", at: state.now)
        return []
    }
    return startTrace(from: record, in: &state)
}
