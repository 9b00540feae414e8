import EvmonPresentation
import EvmonModel
import EvmonDeadLetters
import EvmonApp

/// Stream: the live tail of the streamed topics — time, topic, partition, offset, key, value
/// (marked ↻ when it is a replay).
enum StreamPane: PaneDrawer {
    static func title(_ state: AppState, registered: String) -> String {
        let stream = state.view.stream
        var parts = [registered]
        parts.append(stream.topics.isEmpty ? "no topics" : stream.topics.joined(separator: ", "))
        if let filter = stream.filter { parts.append("/\(filter.source)") }
        if !stream.marked.isEmpty { parts.append("\(stream.marked.count) marked") }
        if stream.isPaused {
            parts.append("PAUSED +\(stream.arrivedWhilePaused)")
        } else if stream.isFollowing {
            parts.append("following")
        }
        return parts.joined(separator: " · ")
    }

    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        let stream = state.view.stream
        guard !stream.topics.isEmpty else {
            grid.write("Pick topics to stream: space in the topics pane, or :topic NAME", x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        let shown = stream.visibleRowNumbers.compactMap { stream.row($0).flatMap(state.record)?.record }
        let layout = StreamColumns(width: inside.width, topics: stream.topics, shown: shown)
        var header = Columns(in: inside, row: 0)
        header.text("TIME", width: layout.time, role: .header, in: &grid)
        if layout.topic > 0 { header.text("TOPIC", width: layout.topic, role: .header, in: &grid) }
        header.text("P", width: layout.partition, role: .header, in: &grid, alignRight: true)
        header.text("OFFSET", width: layout.offset, role: .header, in: &grid, alignRight: true)
        if layout.key > 0 { header.text("KEY", width: layout.key, role: .header, in: &grid) }
        header.text(stream.valueColumn > 0 ? "VALUE (from column \(stream.valueColumn + 1))" : "VALUE", width: header.remaining, role: .header, in: &grid)
        let selected = stream.selectedRowNumber
        var row = 1
        for number in stream.visibleRowNumbers where row < inside.height {
            defer { row += 1 }
            guard let reference = stream.row(number), let buffered = state.record(reference) else {
                grid.write("(no longer buffered)", x: inside.x, y: inside.y + row, width: inside.width, role: .dim)
                continue
            }
            let record = buffered.record
            var columns = Columns(in: inside, row: row)
            let time = Timestamps.clockTime(record.timestamp, utcOffsetSeconds: state.view.utcOffsetSeconds)
            if stream.marked.contains(reference) {
                // A marked row trades its time's first character for the mark, as the DLQ pane shows marks.
                columns.text("●" + time.prefix(layout.time).dropFirst(), width: layout.time, role: .header, in: &grid)
            } else {
                columns.text(String(time.prefix(layout.time)), width: layout.time, role: .dim, in: &grid)
            }
            if layout.topic > 0 { columns.text(record.topic, width: layout.topic, role: .text, in: &grid) }
            columns.text(String(record.partition), width: layout.partition, role: .text, in: &grid, alignRight: true)
            columns.text(record.offset.description, width: layout.offset, role: .text, in: &grid, alignRight: true)
            if layout.key > 0 { columns.bytes(record.key, width: layout.key, role: .jsonKey, in: &grid) }
            // A replayed or re-produced message says so, so its second life is not mistaken for a new event.
            if record.firstHeader(named: DeadLetterHeaders.replayOf) != nil { columns.text("↻", width: 1, role: .warn, in: &grid) }
            columns.bytes(record.readableValue, width: columns.remaining, role: .text, in: &grid, skipping: stream.valueColumn)
            if number == selected, !stream.isFollowing || focused {
                grid.restyle(Rect(x: inside.x, y: inside.y + row, width: inside.width, height: 1), role: focused ? .selection : .selectionUnfocused)
            }
        }
        if stream.rowCount == 0 {
            for (line, text) in emptyStreamLines(state).enumerated() where line + 1 < inside.height {
                grid.write(text, x: inside.x, y: inside.y + 1 + line, width: inside.width, role: .dim, marksCut: true)
            }
        }
    }
}

/// Why the stream is empty, and what to do about it: on a quiet topic a newcomer sees nothing
/// and must learn that only new messages come, and how to read the history.
func emptyStreamLines(_ state: AppState) -> [String] {
    let stream = state.view.stream
    if let filter = stream.filter { return ["no buffered message matches /\(filter.source) · esc clears the filter"] }
    if let seek = state.view.seek { return ["seeking \(seek.topics.joined(separator: ", ")) to \(seek.target)…"] }
    let topics = stream.topics.joined(separator: ", ")
    switch state.view.startPosition {
    case .earliest:
        return ["\(topics): no messages held yet; new ones will show here"]
    case .latest:
        return [
            "nothing new in \(topics) since evmon started; new messages will show here",
            "to read the history: :seek earliest, or a time ago such as :seek -5m",
        ]
    case .lastMessages:
        return [
            "no recent messages in \(topics); new messages will show here",
            "to read the history: :seek earliest, or a time ago such as :seek -5m",
        ]
    case .offset, .timestamp:
        return [
            "nothing in \(topics) from the position sought; new messages will show here",
            "to read from the start: :seek earliest",
        ]
    }
}

/// Column widths of the stream pane: generous when wide; when narrow, seconds-only times,
/// short topic names and no key column, so the value preview keeps room. Numbers are never cut:
/// the partition and offset columns are as wide as the widest shown (Redis Streams entry ids,
/// `1764115300000-0`, included; those entries have no key, so the id gets the key's room).
/// Topic names get what the longest needs up to a share of the width (cut ones end in `…`);
/// the key what the longest shown needs up to its cap; the value the rest.
struct StreamColumns {
    var time = 12
    var topic = 0
    var partition = 2
    var offset = 8
    var key = 12

    init(width: Int, topics: [String], shown: [Record] = []) {
        let longestTopic = topics.map { DisplayWidth.of($0) }.max() ?? 6
        let topicCap: Int
        if width >= 100 {
            key = 20
            topicCap = max(16, width / 6)
        } else if width >= 70 {
            topicCap = 14
        } else {
            time = 8
            offset = 6
            key = 0
            topicCap = 10
        }
        topic = topics.count > 1 ? min(max(5, longestTopic), topicCap) : 0
        partition = Columns.fittingWidth(shown.map { String($0.partition) }, minimum: 2)
        offset = Columns.fittingWidth(shown.map(\.offset.description), minimum: offset)
        if shown.contains(where: { if case .streamID = $0.offset { true } else { false } }) {
            key = 0
        } else if key > 0, !shown.isEmpty {
            key = Columns.fittingWidth(bytes: shown.map(\.key), minimum: 3, maximum: key)
        }
    }
}
