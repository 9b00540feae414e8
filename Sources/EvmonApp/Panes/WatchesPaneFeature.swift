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
    let stream = state.view.stream
    let rowNumbers = stream.firstRowNumber..<stream.rowCount
    if let number = rowNumbers.last(where: { number in
        guard let reference = stream.row(number), reference.topic == topic, reference.partition == partition else { return false }
        return state.record(reference)?.record.offset == offset
    }) {
        state.view.stream.select(number)
        if let reference = stream.row(number), let record = state.record(reference)?.record {
            showInDetail(record, in: &state)
            state.view.notice = Notice("\(results[state.view.watchCursor].name): its offending message, \(record.shownCoordinates)", at: state.now)
        }
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
