import EvmonModel

/// A plain-text table with aligned columns, for `--format table`. Cells are escaped for the
/// terminal; numeric columns align right.
struct Table {
    let headers: [String]
    let rightAligned: Set<Int>
    private(set) var rows: [[String]] = []

    init(headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) {
        rows.append(row.map { TerminalText.escaped($0) })
    }

    /// The table's lines, header first.
    var lines: [String] {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return ([headers] + rows).map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if rightAligned.contains(index) { return padding + cell }
                return index == row.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }
    }
}
