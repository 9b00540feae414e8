import EvmonModel
import EvmonDeadLetters

/// The message at `offset` of `topic`/`partition`: selected in the stream when it is a row there
/// (and shown in detail), else opened in detail from its buffer, else fetched from the broker.
/// `why` names the jump in the notice (`events are JSON…: its offending message`).
func jumpToMessage(topic: String, partition: Int, offset: Offset, why: String, in state: inout AppState) -> [Effect] {
    let stream = state.view.stream
    let rowNumbers = stream.firstRowNumber..<stream.rowCount
    if let number = rowNumbers.last(where: { number in
        guard let reference = stream.row(number), reference.topic == topic, reference.partition == partition else { return false }
        return state.record(reference)?.record.offset == offset
    }) {
        state.view.stream.select(number)
        if let reference = stream.row(number), let record = state.record(reference)?.record {
            showInDetail(record, in: &state)
            state.view.notice = Notice("\(why), \(record.shownCoordinates)", at: state.now)
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

/// `o` on a dead letter (in the DLQ or its detail): the message it was made from.
func jumpToOrigin(of entry: DeadLetterEntry?, in state: inout AppState) -> [Effect] {
    guard let entry else {
        state.view.notice = Notice("o jumps from a dead letter to its origin: select one", at: state.now)
        return []
    }
    guard let topic = entry.originalTopic, let partition = entry.originalPartition, let offset = entry.originalOffset else {
        state.view.notice = Notice("\(entry.id.shown): its origin is not known (\(entry.originDescription))", isError: true, at: state.now)
        return []
    }
    return jumpToMessage(topic: topic, partition: partition, offset: offset, why: "the origin of \(entry.id.shown)", in: &state)
}
