import EvmonPresentation
import EvmonModel
import EvmonApp

/// Lag: each group's total and worst health, then per partition committed, end, lag, trend, health.
enum LagPane: PaneDrawer {
    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid) {
        let rows = state.lagRows
        guard !rows.isEmpty else {
            // A capture holds messages only: no group will ever show, so say why.
            let empty = state.brokerURL.hasPrefix("file://") ? "a capture has no consumer groups: lag needs a live broker" : "no consumer groups yet"
            grid.write(empty, x: inside.x, y: inside.y, width: inside.width, role: .dim)
            return
        }
        // Redis entry ids (`1764115300000-0`) are wider than Kafka offsets; shown whole when they fit.
        let offsetWidth = offsetColumnWidth(rows)
        let wide = inside.width >= 46 + 2 * offsetWidth
        let nameWidth = max(8, inside.width - (wide ? 2 * (offsetWidth + 1) + 8 + 11 + 7 : 8 + 7) - 1)
        var header = Columns(in: inside, row: 0)
        header.text("GROUP / PARTITION", width: nameWidth, role: .header, in: &grid)
        if wide {
            header.text("COMMIT", width: offsetWidth, role: .header, in: &grid, alignRight: true)
            header.text("END", width: offsetWidth, role: .header, in: &grid, alignRight: true)
        }
        header.text("LAG", width: 7, role: .header, in: &grid, alignRight: true)
        if wide { header.text("TREND", width: 10, role: .header, in: &grid) }
        header.text("HEALTH", width: header.remaining, role: .header, in: &grid)
        let visible = inside.height - 1
        let top = ListWindow.top(cursor: state.view.lagCursor, count: rows.count, height: visible)
        for (row, index) in (top..<min(rows.count, top + visible)).enumerated() {
            var columns = Columns(in: inside, row: row + 1)
            switch rows[index] {
            case .group(let group):
                // A group row leaves the offset columns and LAG's left padding empty; its name may
                // run into them, so `notifications (Stable)` is whole where a partition's would be cut.
                let lag = group.totalLag.map(Compact.count) ?? "?"
                let spare = (wide ? 2 * (offsetWidth + 1) : 0) + max(0, 7 - lag.count)
                columns.text(group.group + (group.brokerState.map { " (\($0))" } ?? ""), width: nameWidth + spare, role: .title, in: &grid)
                columns.text(lag, width: min(7, lag.count), role: .title, in: &grid, alignRight: true)
                if wide { columns.text("", width: 10, role: .text, in: &grid) }
                let health = group.worstHealth
                columns.text(health.label, width: columns.remaining, role: health.role, in: &grid)
            case .partition(_, let history):
                let offsets = history.latest
                // A long topic name is cut before its partition number is.
                let name = Cut.keepingTail("  " + offsets.topicPartition.topic, "/\(offsets.topicPartition.partition)", width: nameWidth)
                columns.text(name, width: nameWidth, role: .text, in: &grid)
                if wide {
                    columns.text(offsets.committed?.description ?? "—", width: offsetWidth, role: .text, in: &grid, alignRight: true)
                    columns.text(offsets.end?.description ?? "—", width: offsetWidth, role: .text, in: &grid, alignRight: true)
                }
                columns.text(offsets.lag.map(Compact.count) ?? "—", width: 7, role: .text, in: &grid, alignRight: true)
                if wide {
                    let trend = history.trend.map { $0.map(Double.init) }
                    columns.text(Sparkline.render(trend, width: 10), width: 10, role: .sparkline, in: &grid)
                }
                columns.text(history.health.label, width: columns.remaining, role: history.health.role, in: &grid)
            }
            if index == state.view.lagCursor, focused {
                grid.restyle(Rect(x: inside.x, y: inside.y + row + 1, width: inside.width, height: 1), role: .selection)
            }
        }
    }

    /// 7 cells, or as many as the widest offset shown needs, up to 20 (a Redis id is 15 and more).
    private static func offsetColumnWidth(_ rows: [LagRow]) -> Int {
        var widest = 7
        for case .partition(_, let history) in rows {
            let latest = history.latest
            for offset in [latest.committed, latest.end] {
                if let offset { widest = max(widest, min(20, offset.description.count)) }
            }
        }
        return widest
    }
}

extension LagHealth {
    /// How the pane spells the verdict.
    var label: String {
        switch self {
        case .ok: "OK"
        case .warn: "WARN"
        case .stall: "STALL"
        case .stop: "STOP"
        case .rewind: "REWIND"
        // Not "…": that marks a cut value.
        case .unknown: "?"
        }
    }

    var role: StyleRole {
        switch self {
        case .ok: .ok
        case .warn: .warn
        case .stall, .stop, .rewind: .error
        case .unknown: .dim
        }
    }
}
