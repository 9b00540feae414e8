import EvmonPresentation
import EvmonModel
import EvmonDeadLetters

extension PaneFeature {
    /// Stream: the live messages of the streamed topics; follows the newest unless moved or paused.
    static let stream = PaneFeature(
        id: .stream, title: "Stream", slot: PaneSlot(.right, .share(11, of: 20, minimum: 0)),
        bindings: [
            KeyBinding([.character("G"), .end], .bottom, help: "newest, and follow", hint: "follow"),
            KeyBinding([.enter], .open, help: "message detail", hint: "detail"),
        ] + KeyBinding.reproducing + [
            KeyBinding([.character(" ")], .toggle, help: "pause / resume", hint: "pause"),
            KeyBinding([.character("n")], .nextMatch, help: "next message matching the (last) filter"),
            KeyBinding([.character("N")], .previousMatch, help: "previous message matching the (last) filter"),
            KeyBinding([.character("y")], .copyValue, help: "copy the value to the clipboard"),
            KeyBinding([.character("m")], .mark, help: "mark / unmark for x (export)"),
            KeyBinding.exporting,
            KeyBinding.tracing,
            KeyBinding([.left, .character("h")], .scrollLeft, help: "scroll the values left"),
            KeyBinding([.right, .character("l")], .scrollRight, help: "scroll the values right"),
        ],
        move: { rows, state in state.view.stream.moveCursor(by: rows) },
        reduce: { command, state in
            switch command {
            case .top: state.view.stream.moveToOldest()
            case .bottom: state.view.stream.follow()
            case .toggle: state.view.stream.togglePause()
            case .open: openSelectedMessage(in: &state)
            case .scrollLeft: SidewaysScroll.scrollStream(by: -SidewaysScroll.step, in: &state)
            case .scrollRight: SidewaysScroll.scrollStream(by: SidewaysScroll.step, in: &state)
            case .copyValue: return CopyValue.copy(selectedRecord(state), in: &state)
            case .trace: return startTrace(from: selectedRecord(state), in: &state)
            case .export: startExport(in: &state)
            case .mark: state.view.stream.toggleMark()
            case .nextMatch: jumpToMatch(forward: true, in: &state)
            case .previousMatch: jumpToMatch(forward: false, in: &state)
            default: return replayCommand(command, of: selectedMessage, in: &state)
            }
            return []
        })
}

extension KeyBinding {
    /// `x` in the stream and DLQ panes: their messages to a file.
    static let exporting = KeyBinding([.character("x")], .export, help: "export to a file as JSON lines (the marked ones, if any)")

    /// `t` on a message (stream, detail, DLQ): its transaction across topics.
    static let tracing = KeyBinding([.character("t")], .trace, help: "trace its transaction across topics")

    /// `r`, `R` and `e` on a message shown in the stream or detail pane: re-produce it.
    static let reproducing = [
        KeyBinding([.character("r")], .replay, help: "re-produce the message to its topic and partition"),
        KeyBinding([.character("R")], .replayElsewhere, help: "re-produce the message to another topic"),
        KeyBinding([.character("e")], .editAndReplay, help: "edit the value in $EDITOR, then re-produce"),
    ]
}

private func openSelectedMessage(in state: inout AppState) {
    guard let number = state.view.stream.selectedRowNumber, let reference = state.view.stream.row(number),
        let buffered = state.record(reference)
    else { return }
    openDetail(buffered.record, in: &state)
}

/// The message under the stream's cursor.
private func selectedRecord(_ state: AppState) -> Record? {
    guard let number = state.view.stream.selectedRowNumber, let reference = state.view.stream.row(number) else { return nil }
    return state.record(reference)?.record
}

/// The message under the stream's cursor, as a replay candidate.
private func selectedMessage(_ state: AppState) -> [DeadLetterID] {
    guard let number = state.view.stream.selectedRowNumber, let reference = state.view.stream.row(number),
        let record = state.record(reference)?.record
    else { return [] }
    return [DeadLetterID(topic: record.topic, partition: record.partition, offset: record.offset)]
}

/// `x`: the `:` prompt, ready for the file's path (Tab completes it).
func startExport(in state: inout AppState) {
    state.view.mode = .command(PromptLine("export "))
}
