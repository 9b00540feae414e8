import EvmonDeadLetters
import EvmonModel
import EvmonPresentation

/// Messages to write to a file as tail's JSON lines (`x`, `:export FILE`), and what they are,
/// for the notices.
public struct ExportRequest: Sendable, Equatable {
    public var path: String
    public var records: [Record]
    /// `120 messages of the stream` / `3 dead letters`.
    public var what: String
    /// True once the user said an existing file may be replaced.
    public var overwrite: Bool

    public init(path: String, records: [Record], what: String, overwrite: Bool = false) {
        self.path = path
        self.records = records
        self.what = what
        self.overwrite = overwrite
    }
}

/// `:export FILE`: the marked dead letters (else the entry or reason under the cursor) when
/// the DLQ pane has the focus, else the stream's marked rows (`m`), else its rows, which are
/// those passing its filter.
func exportCommand(_ arguments: [String], in state: inout AppState) -> [Effect] {
    guard arguments.count == 1 else {
        return commandFailed(":export FILE (the stream's messages passing the filter, or the marked dead letters, as JSON lines)", in: &state)
    }
    let (records, what) = exportedRecords(state)
    guard !records.isEmpty else {
        state.view.notice = Notice("nothing to export: \(what)", isError: true, at: state.now)
        return []
    }
    return [.export(ExportRequest(path: arguments[0], records: records, what: what))]
}

private func exportedRecords(_ state: AppState) -> (records: [Record], what: String) {
    if state.view.focus == .dlq {
        let ids = markedOrUnderCursor(state)
        let records = ids.compactMap { state.bufferedRecord(at: $0) }
        let missing = ids.count - records.count
        let gone = missing > 0 ? " (\(missing) no longer buffered left out)" : ""
        return (records, ids.isEmpty ? "no dead letter is marked or selected" : "\(records.count) dead letter\(records.count == 1 ? "" : "s")\(gone)")
    }
    let stream = state.view.stream
    if !stream.marked.isEmpty {
        // In the order they arrived; marks whose messages left the buffers are left out.
        let marked = stream.marked.sorted { $0.arrival < $1.arrival }
        let records = marked.compactMap { state.record($0)?.record }
        let gone = marked.count - records.count
        return (records, "\(records.count) marked message\(records.count == 1 ? "" : "s")" + (gone > 0 ? " (\(gone) no longer buffered left out)" : ""))
    }
    let shown = stream.firstRowNumber..<stream.visibleRowCount
    let records = shown.compactMap { stream.row($0).flatMap(state.record)?.record }
    let filtered = stream.filter.map { _ in " passing the filter" } ?? ""
    return (records, records.isEmpty ? "the stream shows no message" : "\(records.count) message\(records.count == 1 ? "" : "s") of the stream\(filtered)")
}

/// The file exists: `y` replaces it, anything else leaves it as it is.
func confirmOverwrite(_ request: ExportRequest, key: Key, in state: inout AppState) -> [Effect] {
    state.view.mode = .normal
    guard key == .character("y") || key == .character("Y") else {
        state.view.notice = Notice("export cancelled: \(request.path) left as it was", isError: false, at: state.now)
        return []
    }
    var confirmed = request
    confirmed.overwrite = true
    return [.export(confirmed)]
}

/// What the session made of an export.
func exportEnded(_ outcome: ExportOutcome, in state: inout AppState) {
    switch outcome {
    case .written(let request):
        state.view.notice = Notice("exported \(request.what) to \(request.path)", isError: false, at: state.now)
    case .exists(let request):
        state.view.mode = .confirmOverwrite(request)
    case .failed(let request, let reason):
        state.view.notice = Notice("export to \(request.path) failed: \(reason)", isError: true, at: state.now)
    }
}

/// How an export ended (`AppAction.exportEnded`).
public enum ExportOutcome: Sendable, Equatable {
    case written(ExportRequest)
    /// The file exists and the request did not say it may be replaced: ask.
    case exists(ExportRequest)
    case failed(ExportRequest, reason: String)
}
