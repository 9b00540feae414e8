import EvmonPresentation
import EvmonModel
import EvmonDeadLetters
import EvmonApp

/// DLQ: dead letters grouped by reason (count, newest and oldest age), each group's entries
/// beneath it with where they sit, where they came from, their key, and whether they were
/// replayed (✓ replayed, ? outcome unknown, ✗ refused). A replay run shows a progress bar.
enum DeadLetterPane: PaneDrawer {
    static func title(_ state: AppState, registered: String) -> String {
        guard !state.deadLetters.isEmpty else { return registered }
        let reasons = state.deadLetterGroups.count
        let marked = state.view.deadLetters.marked.count
        return "\(registered) · \(state.deadLetters.count) in \(reasons) reason\(reasons == 1 ? "" : "s")" + (marked > 0 ? " · \(marked) marked" : "")
    }

    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        var list = inside
        // Last row: what the broker's reports cannot see, so that quiet is not read as healthy.
        if let blindSpot = state.deadLetterBlindSpot, inside.height > 2 {
            list.height -= 1
            grid.write("⚠ " + blindSpot, x: inside.x, y: inside.maxY - 1, width: inside.width, role: .warn)
        }
        guard !state.deadLetters.isEmpty else {
            let known = state.topicNames.filter(state.isDeadLetterTopic)
            let text = known.isEmpty ? "no dead-letter topics (.DLT, -dlt, .dlq, …)" : "\(known.joined(separator: ", ")): empty"
            grid.write(text, x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        if let progress = state.replayProgress, list.height > 2 {
            list.height -= 1
            drawProgress(progress, in: Rect(x: list.x, y: list.maxY, width: list.width, height: 1), grid: &grid)
        }
        let rows = state.deadLetterRows
        let visible = list.height - 1
        let cursor = state.view.deadLetters.cursor
        let top = ListWindow.top(cursor: cursor, count: rows.count, height: visible)
        let shown = (top..<min(rows.count, top + visible)).compactMap { index -> DeadLetterEntry? in
            if case .entry(let entry) = rows[index] { return entry }
            return nil
        }
        let widths = EntryWidths(paneWidth: list.width, entries: shown)
        var header = Columns(in: list, row: 0)
        header.text("", width: 2, role: .header, in: &grid)
        header.text("AGE", width: 4, role: .header, in: &grid, alignRight: true)
        if widths.place > 0 { header.text("DLQ", width: widths.place, role: .header, in: &grid) }
        header.text("ORIGIN", width: widths.origin, role: .header, in: &grid)
        header.text("KEY", width: widths.key ?? header.remaining, role: .header, in: &grid)
        if widths.key != nil { header.text("REASON", width: header.remaining, role: .header, in: &grid) }
        for (line, index) in (top..<min(rows.count, top + visible)).enumerated() {
            let rowRect = Rect(x: list.x, y: list.y + line + 1, width: list.width, height: 1)
            switch rows[index] {
            case .group(let group):
                drawGroup(group, state: state, in: rowRect, grid: &grid)
            case .entry(let entry):
                drawEntry(entry, state: state, in: rowRect, widths: widths, grid: &grid)
            }
            if index == cursor, focused { grid.restyle(rowRect, role: .selection) }
        }
    }

    private static func drawGroup(_ group: DeadLetterGroup, state: AppState, in rect: Rect, grid: inout ScreenGrid) {
        var row = RunWriter(rect)
        row.put(group.isCollapsed ? "▸ " : "▾ ", .dim, in: &grid)
        row.put("\(group.count)× ", .header, in: &grid)
        let newest = Timestamps.age(from: group.newest, now: state.now)
        row.put(group.count == 1 ? "\(newest)  " : "\(newest)–\(Timestamps.age(from: group.oldest, now: state.now))  ", .dim, in: &grid)
        row.put(group.summary, .error, in: &grid, marksCut: true)
        row.clearRest(in: &grid)
    }

    /// Column widths of entry rows, sized from the entries shown: the coordinates get what
    /// their numbers need (a partition and an offset are never cut; a long topic name is, with
    /// `…`), the key what its longest needs up to 20, and the reason the rest. Narrow panes drop
    /// the DLQ coordinates and the reason (the group row above says it).
    struct EntryWidths {
        var place = 0
        var origin: Int
        var key: Int?

        /// Columns before the coordinates: the marks and the age, each with its gutter.
        static let leading = 3 + 5
        /// What the reason keeps at least when the coordinates are long.
        static let reasonMinimum = 24

        init(paneWidth: Int, entries: [DeadLetterEntry]) {
            let origins = Columns.fittingWidth(entries.map(\.originDescription), minimum: 6)
            let available = paneWidth - Self.leading
            guard paneWidth >= 100 else {
                // Origin and key: the origin whole when it leaves the key 8 columns.
                origin = min(origins, max(12, available - 9))
                return
            }
            let places = Columns.fittingWidth(entries.map(DeadLetterPane.place), minimum: 3)
            let keys = Columns.fittingWidth(bytes: entries.map(\.key), minimum: 3, maximum: 20)
            key = keys
            origin = origins
            place = places
            // Too wide for the reason to keep its room: the coordinates give up their names' ends.
            var excess = Self.leading + place + 1 + origin + 1 + keys + 1 + Self.reasonMinimum - paneWidth
            if excess > 0 {
                let placeGives = min(excess, max(0, place - 12))
                place -= placeGives
                excess -= placeGives
                origin -= min(excess, max(0, origin - 12))
            }
        }
    }

    /// `orders-dlt/1@20`: where the dead letter itself sits.
    static func place(_ entry: DeadLetterEntry) -> String { entry.id.shown }

    /// `text`, a topic name followed by its numbers, in `width` columns: the name is cut first.
    private static func coordinates(_ text: String, topic: String?, width: Int) -> String {
        guard let topic, text.hasPrefix(topic) else { return text }
        return Cut.keepingTail(topic, String(text.dropFirst(topic.count)), width: width)
    }

    private static func drawEntry(_ entry: DeadLetterEntry, state: AppState, in rect: Rect, widths: EntryWidths, grid: inout ScreenGrid) {
        var columns = Columns(in: rect, row: 0)
        let isMarked = state.view.deadLetters.marked.contains(entry.id)
        let mark = state.replays[entry.id]
        let symbol = (isMarked ? "●" : " ") + (mark?.symbol ?? " ")
        let markRole: StyleRole = mark?.isReplayed == true ? .ok : (mark == nil ? .text : .warn)
        columns.text(symbol, width: 2, role: isMarked ? .header : markRole, in: &grid)
        columns.text(Timestamps.age(from: entry.timestamp, now: state.now), width: 4, role: .dim, in: &grid, alignRight: true)
        if widths.place > 0 {
            columns.text(coordinates(place(entry), topic: entry.dlqTopic, width: widths.place), width: widths.place, role: .dim, in: &grid)
        }
        let origin = coordinates(entry.originDescription, topic: entry.originalTopic, width: widths.origin)
        columns.text(origin, width: widths.origin, role: entry.originalTopic == nil ? .warn : .text, in: &grid)
        columns.bytes(entry.key, width: widths.key ?? columns.remaining, role: .text, in: &grid)
        if widths.key != nil { columns.text(entry.innermostReason, width: columns.remaining, role: .dim, in: &grid) }
    }

    private static func drawProgress(_ progress: ReplayProgress, in rect: Rect, grid: inout ScreenGrid) {
        var row = RunWriter(rect)
        row.put(progress.isCancelled ? "cancelling " : "replaying ", .warn, in: &grid)
        row.put("\(progress.done)/\(progress.total) ", .header, in: &grid)
        let barWidth = max(4, min(30, rect.width / 4))
        let filled = progress.total == 0 ? barWidth : barWidth * progress.done / progress.total
        row.put(String(repeating: "█", count: filled), .ok, in: &grid)
        row.put(String(repeating: "░", count: barWidth - filled), .dim, in: &grid)
        row.put("  " + progress.summary, progress.failed + progress.unknown > 0 ? .warn : .text, in: &grid)
        row.put("  · esc cancels", .dim, in: &grid)
        row.clearRest(in: &grid)
    }
}
