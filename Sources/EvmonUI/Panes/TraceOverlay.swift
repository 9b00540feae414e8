import EvmonModel
import EvmonPresentation
import EvmonDeadLetters
import EvmonTrace
import EvmonWatches
import EvmonApp

/// The trace view (`t`): one transaction's messages across topics in event time, with where
/// the broker search stands, and marks for dead letters, replays, watch failures and long gaps.
enum TraceOverlay {
    static func draw(_ state: AppState, on screen: Rect, grid: inout ScreenGrid) {
        guard let trace = state.view.trace else { return }
        let box = Rect(x: 1, y: 1, width: max(0, screen.width - 2), height: max(0, screen.height - 2))
        grid.fill(box, role: .overlay)
        let count = trace.rows.count == 1 ? "1 message" : "\(trace.rows.count) messages"
        let inside = grid.box(box, title: "Trace \(TerminalText.escaped(trace.matcher.value)) · \(count)", focused: true)
        grid.fill(inside, role: .overlay)
        guard inside.height >= 4 else { return }
        grid.write(searchLine(trace, state: state), x: inside.x + 1, y: inside.y, width: inside.width - 2, role: trace.searchError == nil ? .overlayTitle : .error, marksCut: true)
        let listTop = inside.y + 2
        let missing = missingLines(trace, state: state).prefix(max(0, inside.height - 6))
        let listHeight = inside.height - 3 - missing.count
        let top = min(max(0, trace.cursor - listHeight + 1), max(0, trace.rows.count - listHeight))
        let visible = top..<min(trace.rows.count, top + listHeight)
        let widths = Widths(trace.rows[visible])
        drawHeader(widths, in: Rect(x: inside.x + 1, y: inside.y + 1, width: inside.width - 2, height: 1), grid: &grid)
        if trace.rows.isEmpty {
            let text = trace.isSearching ? "searching…" : "nothing else joins \(TerminalText.escaped(trace.matcher.value)) within the window"
            grid.write(text, x: inside.x + 1, y: listTop, width: inside.width - 2, role: .dim)
        }
        for (line, index) in visible.enumerated() {
            let rect = Rect(x: inside.x + 1, y: listTop + line, width: inside.width - 2, height: 1)
            drawRow(trace.rows[index], widths, selected: index == trace.cursor, gap: trace.longGaps.contains(index), state: state, in: rect, grid: &grid)
        }
        for (line, text) in missing.enumerated() {
            grid.write(text, x: inside.x + 1, y: inside.maxY - 1 - missing.count + line, width: inside.width - 2, role: .error, marksCut: true)
        }
        let keys = trace.isSearching ? "j/k move · enter detail · r re-produce · esc stops the search" : "j/k move · enter detail · r re-produce · esc back"
        grid.write(keys, x: inside.x + 1, y: inside.maxY - 1, width: inside.width - 2, role: .hint)
    }

    /// What did not happen: each `followed_by` watch whose failure is one of the trace's
    /// messages says, in its own words, what did not follow it ("no inventory message with
    /// .payload.order_id ord-3 within 5s"), so a failing watch's `t` explains itself.
    private static func missingLines(_ trace: TraceView, state: AppState) -> [String] {
        var lines: [String] = []
        for result in state.watches.results where result.kind == "followed_by" {
            for violation in [result.firstFailure, result.latestFailure].compactMap({ $0 }) {
                guard let topic = violation.topic, let partition = violation.partition, let offset = violation.offset,
                    trace.trace.contains(topic: topic, partition: partition, offset: offset)
                else { continue }
                let line = "missing: " + TerminalText.escaped(violation.why) + " (watch " + TerminalText.escaped(result.name) + ")"
                if !lines.contains(line) { lines.append(line) }
            }
        }
        return lines
    }

    /// `searching ±10m by key, …: orders ✓ 12.4k · inventory 40 %`, then `searched ±10m …`.
    private static func searchLine(_ trace: TraceView, state: AppState) -> String {
        let window = "±" + WatchDuration.text(trace.until.clampedSubtracting(trace.from) / 2)
        let topics = trace.progress.keys.sorted().map { topic -> String in
            let progress = trace.progress[topic]!
            return TerminalText.escaped(topic) + (progress.isDone ? " ✓ " + Compact.count(Int64(progress.scanned)) : " \(Int(progress.windowRead * 100)) %")
        }
        let by = "by " + trace.matcher.links.prefix(3).map(\.description).joined(separator: ", ") + (trace.matcher.links.count > 3 ? ", …" : "")
        if let error = trace.searchError {
            return "search stopped (\(TerminalText.escaped(error))), showing what was found" + (topics.isEmpty ? "" : ": " + topics.joined(separator: " · "))
        }
        let verb = trace.isSearching ? "searching" : "searched"
        return "\(verb) \(window) \(by)" + (topics.isEmpty ? "" : ": " + topics.joined(separator: " · "))
    }

    /// Column widths: fixed for times and distances, fitted to the rows on screen for the rest
    /// (not to all 10,000 a trace may hold, every frame), so the marks keep what is left.
    private struct Widths {
        let time = 12, first = 9, previous = 9
        let message: Int, type: Int, key: Int

        init(_ rows: ArraySlice<Trace.Row>) {
            message = Columns.fittingWidth(rows.map { TerminalText.escaped($0.record.shownCoordinates) }, minimum: 7, maximum: 40)
            type = Columns.fittingWidth(rows.map { $0.eventType ?? "-" }, minimum: 4, maximum: 24)
            key = Columns.fittingWidth(bytes: rows.map(\.record.key), minimum: 3, maximum: 24)
        }
    }

    private static func drawHeader(_ widths: Widths, in rect: Rect, grid: inout ScreenGrid) {
        var columns = Columns(in: rect, row: 0)
        columns.text("TIME", width: widths.time, role: .overlayTitle, in: &grid)
        columns.text("+FIRST", width: widths.first, role: .overlayTitle, in: &grid, alignRight: true)
        columns.text("+PREV", width: widths.previous, role: .overlayTitle, in: &grid, alignRight: true)
        columns.text("MESSAGE", width: widths.message, role: .overlayTitle, in: &grid)
        columns.text("TYPE", width: widths.type, role: .overlayTitle, in: &grid)
        columns.text("KEY", width: widths.key, role: .overlayTitle, in: &grid)
        columns.text("", width: columns.remaining, role: .overlayTitle, in: &grid)
    }

    private static func drawRow(_ row: Trace.Row, _ widths: Widths, selected: Bool, gap: Bool, state: AppState, in rect: Rect, grid: inout ScreenGrid) {
        let record = row.record
        let role: StyleRole = selected ? .selection : .overlay
        if selected { grid.fill(rect, role: .selection) }
        var columns = Columns(in: rect, row: 0)
        columns.text(Timestamps.clockTime(record.timestamp, utcOffsetSeconds: state.view.utcOffsetSeconds), width: widths.time, role: role, in: &grid)
        columns.text("+" + TraceText.distance(row.sinceFirst), width: widths.first, role: role, in: &grid, alignRight: true)
        columns.text("+" + TraceText.distance(row.sincePrevious), width: widths.previous, role: gap && !selected ? .warn : role, in: &grid, alignRight: true)
        columns.text(TerminalText.escaped(record.shownCoordinates), width: widths.message, role: role, in: &grid)
        columns.bytes(Array((row.eventType ?? "-").utf8), width: widths.type, role: role, in: &grid)
        columns.bytes(record.key, width: widths.key, role: role, in: &grid)
        let marks = self.marks(row, gap: gap, state: state)
        columns.text(marks.text, width: columns.remaining, role: selected ? role : marks.role, in: &grid)
    }

    /// Why the row stands out: a dead letter and its reason, a replay (↻), a watch that failed
    /// on it, a long gap before it; else the link it joined by.
    private static func marks(_ row: Trace.Row, gap: Bool, state: AppState) -> (text: String, role: StyleRole) {
        let record = row.record
        var marks: [String] = []
        var role = StyleRole.dim
        if let entry = state.settings.deadLetters.deadLetter(record) ?? state.brokerReportedDeadLetter(record) {
            marks.append("✗ dead letter: " + TerminalText.escaped(entry.reason ?? "no reason given"))
            role = .error
        }
        let id = DeadLetterID(topic: record.topic, partition: record.partition, offset: record.offset)
        if state.replays.marks[id]?.replayed != nil { marks.append("↻ replayed") }
        let failed = state.watches.results.filter { result in
            [result.firstFailure, result.latestFailure].contains { violation in
                violation?.topic == record.topic && violation?.partition == record.partition && violation?.offset == record.offset
            }
        }
        if let first = failed.first {
            marks.append("✗ watch: " + TerminalText.escaped(first.name) + (failed.count > 1 ? " +\(failed.count - 1)" : ""))
            role = .error
        }
        if gap {
            marks.append("⚠ long gap")
            if role == .dim { role = .warn }
        }
        if marks.isEmpty { marks.append("by " + row.link.description) }
        return (marks.joined(separator: "  "), role)
    }
}
