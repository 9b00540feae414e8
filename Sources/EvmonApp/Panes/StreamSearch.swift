import EvmonPresentation
import EvmonModel

/// `n` / `N` in the stream: the cursor to the next (newer) or previous (older) row whose message
/// matches the filter in force, or, once Esc cleared it, the last filter used: less's search,
/// so a message found can be seen among its neighbours.
func jumpToMatch(forward: Bool, in state: inout AppState) {
    guard let source = state.view.stream.filter?.source ?? state.view.filterHistory.entries.last else {
        state.view.notice = Notice("n / N jump between matches of a filter: type one after /", isError: true, at: state.now)
        return
    }
    guard let filter = try? StreamFilter(parsing: source) else { return }
    let stream = state.view.stream
    guard let selected = stream.selectedRowNumber else { return }
    let candidates = forward
        ? Array((selected + 1)..<max(selected + 1, stream.visibleRowCount))
        : Array((stream.firstRowNumber..<selected).reversed())
    for number in candidates {
        guard let reference = stream.row(number), let record = state.record(reference)?.record, filter.matches(record) else { continue }
        state.view.stream.select(number)
        return
    }
    state.view.notice = Notice("no \(forward ? "newer" : "older") message matches /\(source)", at: state.now)
}
