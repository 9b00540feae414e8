import EvmonPresentation
import EvmonModel
import EvmonDeadLetters

extension PaneFeature {
    /// Detail: every field of the opened message, scrolled; esc goes back to where it was opened.
    static let detail = PaneFeature(
        id: .detail, title: "Detail", slot: PaneSlot(.right, .rest),
        bindings: [
            KeyBinding([.enter], .open, help: "unfold / fold stack traces", hint: "traces"),
            KeyBinding([.character("w")], .toggleWrap, help: "wrap long lines / cut them", hint: "wrap"),
            KeyBinding([.left, .character("h")], .scrollLeft, help: "scroll long lines left"),
            KeyBinding([.right, .character("l")], .scrollRight, help: "scroll long lines right"),
            KeyBinding([.character("y")], .copyValue, help: "copy the value to the clipboard", hint: "copy"),
            KeyBinding([.character("o")], .jumpToOrigin, help: "a dead letter's origin message"),
            KeyBinding.tracing,
        ] + KeyBinding.reproducing,
        move: { rows, state in
            guard var detail = state.view.detail else { return }
            let width = max(1, (state.view.layout.panes[.detail]?.width ?? 2) - 2)
            let lastTop = max(0, SidewaysScroll.detailRows(detail, width: width) - state.view.layout.contentHeight(of: .detail))
            detail.scroll = min(max(0, detail.scroll + rows), lastTop)
            state.view.detail = detail
        },
        reduce: { command, state in
            switch command {
            case .open: toggleStackTraces(in: &state)
            case .back: leaveDetail(in: &state)
            case .toggleWrap: SidewaysScroll.toggleWrap(in: &state)
            case .copyValue: return CopyValue.copy(state.view.detail?.record, in: &state)
            case .jumpToOrigin: return jumpToOrigin(of: state.view.detail?.deadLetter, in: &state)
            case .trace: return startTrace(from: state.view.detail?.record, in: &state)
            case .scrollLeft: SidewaysScroll.scrollDetail(by: -SidewaysScroll.step, in: &state)
            case .scrollRight: SidewaysScroll.scrollDetail(by: SidewaysScroll.step, in: &state)
            default: return replayCommand(command, of: openedMessage, in: &state)
            }
            return []
        })
}

/// Shows `record` in the detail pane and focuses it (from the stream, the DLQ, a watch, a fetch);
/// Esc goes back to the pane focused before.
func openDetail(_ record: Record, in state: inout AppState) {
    let from = state.view.focus == .detail ? state.view.detail?.openedFrom ?? .stream : state.view.focus
    showInDetail(record, in: &state)
    state.view.detail?.openedFrom = from
    state.view.focus = .detail
    if state.view.zoomed != nil { state.view.zoomed = .detail }
}

/// Puts `record` in the detail pane without moving the focus (a watch's offender selected in
/// the stream), so the detail never shows another message than the one just jumped to.
func showInDetail(_ record: Record, in state: inout AppState) {
    let deadLetter = state.settings.deadLetters.deadLetter(record) ?? state.brokerReportedDeadLetter(record)
    var detail = DetailView(record: record, document: DetailDocument(record: record, deadLetter: deadLetter))
    detail.deadLetter = deadLetter
    state.view.detail = detail
}

/// Enter folds or unfolds stack traces; the scroll stays where it was.
private func toggleStackTraces(in state: inout AppState) {
    guard var detail = state.view.detail else { return }
    detail.unfoldsStackTraces.toggle()
    detail.document = DetailDocument(record: detail.record, deadLetter: detail.deadLetter, unfoldsStackTraces: detail.unfoldsStackTraces)
    detail.scroll = min(detail.scroll, max(0, detail.document.lines.count - 1))
    state.view.detail = detail
}

/// Esc in detail: back to the pane it was opened from (still zoomed when zoomed).
private func leaveDetail(in state: inout AppState) {
    let back = state.view.detail?.openedFrom ?? .stream
    state.view.focus = back
    if state.view.zoomed != nil { state.view.zoomed = back }
}

/// The message in the detail pane, as a replay candidate (kept even when its buffer moved on).
private func openedMessage(_ state: AppState) -> [DeadLetterID] {
    state.view.detail.map { [DeadLetterID(topic: $0.record.topic, partition: $0.record.partition, offset: $0.record.offset)] } ?? []
}
