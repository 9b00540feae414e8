import EvmonPresentation
import EvmonApp

/// Topics: a marker for streamed topics, name, partitions, messages, rate sparkline.
enum TopicsPane: PaneDrawer {
    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        let names = state.topicNames
        guard !names.isEmpty else {
            grid.write(state.connection == .connected ? "no topics" : "waiting for the broker…", x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        let sparkWidth = inside.width >= 44 ? 10 : 0
        let showRate = inside.width >= 36
        let nameWidth = max(6, inside.width - 2 - 5 - 10 - (showRate ? 9 : 0) - (sparkWidth > 0 ? sparkWidth + 1 : 0))
        var header = Columns(in: inside, row: 0)
        header.text("", width: 1, role: .header, in: &grid)
        header.text("TOPIC", width: nameWidth, role: .header, in: &grid)
        header.text("PART", width: 4, role: .header, in: &grid, alignRight: true)
        header.text("MESSAGES", width: 9, role: .header, in: &grid, alignRight: true)
        if showRate { header.text("RATE/s", width: 8, role: .header, in: &grid, alignRight: true) }
        if sparkWidth > 0 { header.text("", width: header.remaining, role: .header, in: &grid) }
        let visible = inside.height - 1
        let top = ListWindow.top(cursor: state.view.topicCursor, count: names.count, height: visible)
        for (row, index) in (top..<min(names.count, top + visible)).enumerated() {
            let name = names[index]
            guard let topic = state.topics[name] else { continue }
            let streamed = state.view.stream.topics.contains(name)
            var columns = Columns(in: inside, row: row + 1)
            // ✗: a partition of it stopped streaming (the notice and the detail say why).
            if !topic.failedPartitions.isEmpty {
                columns.text("✗", width: 1, role: .error, in: &grid)
            } else {
                columns.text(streamed ? "●" : "○", width: 1, role: streamed ? .ok : .dim, in: &grid)
            }
            columns.text(name, width: nameWidth, role: state.isDeadLetterTopic(name) ? .warn : .text, in: &grid)
            columns.text(String(topic.metadata.partitions.count), width: 4, role: .text, in: &grid, alignRight: true)
            columns.text(Compact.count(topic.metadata.messageCount), width: 9, role: .text, in: &grid, alignRight: true)
            if showRate { columns.text(Compact.rate(topic.rate.current), width: 8, role: .text, in: &grid, alignRight: true) }
            if sparkWidth > 0 {
                let values = topic.rate.samples.map { Optional($0.messagesPerSecond) }
                columns.text(Sparkline.render(values, width: columns.remaining), width: columns.remaining, role: .sparkline, in: &grid)
            }
            if index == state.view.topicCursor {
                grid.restyle(Rect(x: inside.x, y: inside.y + row + 1, width: inside.width, height: 1), role: focused ? .selection : .selectionUnfocused)
            }
        }
    }
}

/// Which row a scrolling list shows first so the cursor stays in view.
enum ListWindow {
    static func top(cursor: Int, count: Int, height: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        return min(max(0, cursor - height / 2), count - height)
    }
}

/// Numbers shortened for narrow columns.
enum Compact {
    /// `999`, `12.3k`, `4.5M`.
    static func count(_ value: Int64) -> String {
        let magnitude = value.clampedMagnitude
        if magnitude < 10_000 { return String(value) }
        if magnitude < 1_000_000 { return String(format1: Double(value) / 1000) + "k" }
        return String(format1: Double(value) / 1_000_000) + "M"
    }

    /// A rate with one decimal below 100.
    static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        // A broker's counts can make any rate; past Int64 it shows as the largest count.
        return value < 100 ? String(format1: value) : count(Int64(wholeNumber: value.rounded()) ?? .max)
    }
}
