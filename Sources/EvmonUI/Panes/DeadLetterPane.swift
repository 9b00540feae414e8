/// DLQ: dead letters of the recognised DLQ topics, newest first: age, origin, reason.
enum DeadLetterPane {
    static func title(_ state: AppState) -> String {
        state.deadLetters.isEmpty ? "DLQ" : "DLQ · \(state.deadLetters.count)"
    }

    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        guard !state.deadLetters.isEmpty else {
            let known = state.topicNames.filter(DeadLetterRecognizer.isDeadLetterTopic)
            let text = known.isEmpty ? "no dead-letter topics (.DLT, -dlt, .dlq, …)" : "\(known.joined(separator: ", ")): empty"
            grid.write(text, x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        let originWidth = min(max(12, inside.width / 3), 28)
        var header = Columns(in: inside, row: 0)
        header.text("AGE", width: 4, role: .header, in: &grid, alignRight: true)
        header.text("ORIGIN", width: originWidth, role: .header, in: &grid)
        header.text("REASON", width: header.remaining, role: .header, in: &grid)
        let count = state.deadLetters.count
        let visible = inside.height - 1
        let top = ListWindow.top(cursor: state.view.dlqCursor, count: count, height: visible)
        for (row, index) in (top..<min(count, top + visible)).enumerated() {
            let entry = state.deadLetters[count - 1 - index]
            var columns = Columns(in: inside, row: row + 1)
            columns.text(Timestamps.age(from: entry.timestamp, now: state.now), width: 4, role: .dim, in: &grid, alignRight: true)
            var origin = entry.originalTopic ?? "origin unknown"
            if let partition = entry.originalPartition { origin += "/\(partition)" }
            if let offset = entry.originalOffset { origin += "@\(offset)" }
            columns.text(origin, width: originWidth, role: entry.originalTopic == nil ? .warn : .text, in: &grid)
            columns.text(entry.summary, width: columns.remaining, role: .error, in: &grid)
            if index == state.view.dlqCursor, focused {
                grid.restyle(Rect(x: inside.x, y: inside.y + row + 1, width: inside.width, height: 1), role: .selection)
            }
        }
    }
}
