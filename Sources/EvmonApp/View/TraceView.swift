import EvmonModel
import EvmonTrace

/// The trace view (`t`): every message of one transaction, from the buffers at once and from
/// the broker as the search reads it, in event-time order.
public struct TraceView: Sendable, Equatable {
    /// Which messages join, and the id they join by.
    public var matcher: TraceMatcher
    /// What was found so far.
    public private(set) var trace = Trace()
    /// `trace.rows`, kept so a frame does not sort them again.
    public private(set) var rows: [Trace.Row] = []
    /// The rows after a long gap (`TraceText.longGaps`), worked out when rows change.
    public private(set) var longGaps: Set<Int> = []
    public var cursor = 0
    /// The pane `t` was pressed in; Esc goes back to it.
    public var origin: PaneID
    /// The searched window, epoch milliseconds.
    public var from: Int64
    public var until: Int64
    /// The broker search's progress per topic; empty until it reports.
    public var progress: [String: TraceSearch.Progress] = [:]
    /// Whether the broker search is still running.
    public var isSearching = true
    /// Why the search stopped early, if it did.
    public var searchError: String?
    /// Tells this search's answers from those of a search Esc already left.
    public var searchID: Int

    public init(matcher: TraceMatcher, origin: PaneID, from: Int64, until: Int64, searchID: Int) {
        self.matcher = matcher
        self.origin = origin
        self.from = from
        self.until = until
        self.searchID = searchID
    }

    /// Adds messages found, keeping the cursor on the message it was on.
    mutating func add(_ matches: [TraceMatch]) {
        guard !matches.isEmpty else { return }
        let selected = rows.indices.contains(cursor) ? rows[cursor].record : nil
        for match in matches { trace.add(match.record, link: match.link) }
        rows = trace.rows
        longGaps = TraceText.longGaps(in: rows)
        if let selected, let index = rows.firstIndex(where: { $0.record.topic == selected.topic && $0.record.partition == selected.partition && $0.record.offset == selected.offset }) {
            cursor = index
        }
    }

    /// The row under the cursor.
    public var selected: Trace.Row? { rows.indices.contains(cursor) ? rows[cursor] : nil }
}
