import DequeModule
import EvmonPresentation
import EvmonModel

/// The stream pane's model: which topics stream, the rows that pass the filter, the cursor,
/// follow and pause.
///
/// Rows are numbered absolutely from the first row ever added since the last rebuild, so the
/// cursor stays on its message while old rows fall off the front. While following, the cursor
/// sits on the newest visible row. While paused, rows added after the pause are counted but
/// not shown.
public struct StreamView: Sendable, Equatable {
    /// Topics streaming into the pane, in selection order.
    public private(set) var topics: [String] = []
    public private(set) var filter: StreamFilter?
    /// Rows held, oldest first; `rows[0]` has number `firstRowNumber`.
    public private(set) var rows: Deque<RecordRef> = []
    public private(set) var firstRowNumber = 0
    /// Most rows held: the buffers of the streamed topics cannot hold more.
    public private(set) var capacity: Int
    /// The selected row's number; `nil` while following the newest.
    public private(set) var cursor: Int?
    /// The row number shown at the top of the viewport (kept so scrolling is stable).
    public private(set) var scrollTop = 0
    /// Rows visible at once, set from the layout.
    public private(set) var viewportHeight = 1
    /// When paused: the row count at the moment of pausing.
    public private(set) var pausedAtRowCount: Int?
    /// After a seek: the cursor goes to the first row to arrive, instead of following the newest.
    public private(set) var landsOnFirstRow = false
    /// Columns of every value scrolled out on the left (`←`/`h`, `→`/`l`).
    public private(set) var valueColumn = 0
    /// Rows marked with `m` for an export; kept while the filter or topics change.
    public private(set) var marked: Set<RecordRef> = []

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Rows ever added since the last rebuild (the number the next row will get).
    public var rowCount: Int { firstRowNumber + rows.count }
    /// Rows that can be shown: all, or those that existed when pausing.
    public var visibleRowCount: Int { min(rowCount, pausedAtRowCount ?? rowCount) }
    public var isFollowing: Bool { cursor == nil }
    public var isPaused: Bool { pausedAtRowCount != nil }
    /// Rows that arrived since pausing.
    public var arrivedWhilePaused: Int { pausedAtRowCount.map { rowCount - $0 } ?? 0 }
    /// The selected row number: the cursor, or the newest visible row while following.
    public var selectedRowNumber: Int? {
        let newest = visibleRowCount - 1
        guard newest >= firstRowNumber else { return nil }
        return min(max(cursor ?? newest, firstRowNumber), newest)
    }

    /// The row with this number, if still held.
    public func row(_ number: Int) -> RecordRef? {
        let index = number - firstRowNumber
        return index >= 0 && index < rows.count ? rows[index] : nil
    }

    /// The row numbers in the viewport, top to bottom.
    public var visibleRowNumbers: Range<Int> {
        let top = max(scrollTop, firstRowNumber)
        return top..<min(top + viewportHeight, visibleRowCount)
    }

    // MARK: - Changes (called by the reducer)

    /// Adds rows for the records of a streamed topic that pass the filter.
    mutating func offer(_ references: [RecordRef], records: [Record]) {
        let passes = filter?.matches(records)
        for (index, reference) in references.enumerated() where passes?[index] ?? true {
            rows.append(reference)
        }
        if rows.count > capacity {
            firstRowNumber += rows.count - capacity
            rows.removeFirst(rows.count - capacity)
        }
        if landsOnFirstRow, !rows.isEmpty {
            landsOnFirstRow = false
            cursor = firstRowNumber
        }
        followIfFollowing()
    }

    /// After a seek: puts the cursor on the first row that arrives (and keeps it there while
    /// more arrive), so the position sought is what the pane shows.
    mutating func landOnFirstRow() {
        landsOnFirstRow = true
    }

    /// Marks the selected row for an export, or unmarks it.
    mutating func toggleMark() {
        guard let number = selectedRowNumber, let reference = row(number) else { return }
        if marked.remove(reference) == nil { marked.insert(reference) }
    }

    /// Replaces the streamed topics and filter, rebuilding rows from what is buffered.
    mutating func reset(topics: [String], filter: StreamFilter?, capacity: Int, buffered: [(topic: String, buffered: BufferedRecord)]) {
        self.topics = topics
        self.filter = filter
        self.capacity = max(1, capacity)
        rows = []
        firstRowNumber = 0
        cursor = nil
        pausedAtRowCount = nil
        landsOnFirstRow = false
        let passes = filter?.matches(buffered.map(\.buffered.record))
        for (index, (topic, buffered)) in buffered.enumerated() where passes?[index] ?? true {
            rows.append(RecordRef(topic: topic, partition: buffered.record.partition, arrival: buffered.arrival))
        }
        if rows.count > self.capacity {
            firstRowNumber = rows.count - self.capacity
            rows.removeFirst(rows.count - self.capacity)
        }
        followIfFollowing()
    }

    /// Sets how many rows the viewport shows.
    mutating func setViewportHeight(_ height: Int) {
        viewportHeight = max(1, height)
        keepCursorVisible()
    }

    /// Moves the cursor by `delta` rows; moving past the newest row resumes following.
    mutating func moveCursor(by delta: Int) {
        guard let selected = selectedRowNumber else { return }
        let target = selected + delta
        if target >= visibleRowCount - 1 && delta > 0 && !isPaused {
            cursor = nil
            followIfFollowing()
            return
        }
        cursor = min(max(target, firstRowNumber), max(firstRowNumber, visibleRowCount - 1))
        keepCursorVisible()
    }

    /// Puts the cursor on row `number` (and stops following).
    mutating func select(_ number: Int) {
        landsOnFirstRow = false
        cursor = min(max(number, firstRowNumber), max(firstRowNumber, rowCount - 1))
        if let paused = pausedAtRowCount, number >= paused { pausedAtRowCount = nil }
        keepCursorVisible()
    }

    /// Jumps to the oldest row held (and stops following).
    mutating func moveToOldest() {
        guard visibleRowCount > firstRowNumber else { return }
        cursor = firstRowNumber
        keepCursorVisible()
    }

    /// Jumps to the newest row and follows.
    mutating func follow() {
        landsOnFirstRow = false
        cursor = nil
        followIfFollowing()
    }

    /// Scrolls the values sideways by `columns`, within `0…limit`.
    mutating func scrollValues(by columns: Int, limit: Int) {
        valueColumn = min(max(0, valueColumn + columns), max(0, limit))
    }

    /// Freezes or unfreezes what is shown; the buffer keeps filling either way.
    mutating func togglePause() {
        if pausedAtRowCount == nil {
            pausedAtRowCount = rowCount
        } else {
            pausedAtRowCount = nil
            followIfFollowing()
        }
    }

    private mutating func followIfFollowing() {
        if cursor == nil {
            scrollTop = max(firstRowNumber, visibleRowCount - viewportHeight)
        } else {
            keepCursorVisible()
        }
    }

    private mutating func keepCursorVisible() {
        guard let selected = selectedRowNumber else {
            scrollTop = firstRowNumber
            return
        }
        if selected < scrollTop { scrollTop = selected }
        if selected >= scrollTop + viewportHeight { scrollTop = selected - viewportHeight + 1 }
        scrollTop = max(scrollTop, firstRowNumber)
    }
}
