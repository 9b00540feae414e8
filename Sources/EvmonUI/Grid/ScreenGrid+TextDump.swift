extension ScreenGrid {
    /// The grid as text, one line per row ending in `|` so trailing blanks are visible; the
    /// format of golden-screen files.
    public func textDump() -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = String.UnicodeScalarView()
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                line.append(Unicode.Scalar(cell.scalar) ?? "?")
            }
            lines.append(String(line) + "|")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text of row `y`, without the edge marker or trailing blanks (for tests).
    public func rowText(_ y: Int) -> String {
        var line = String.UnicodeScalarView()
        for x in 0..<width where !self[x, y].isContinuation {
            line.append(Unicode.Scalar(self[x, y].scalar) ?? "?")
        }
        var text = String(line)
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
