/// Tiny bar charts from eight block glyphs, scaled to the largest value shown.
public enum Sparkline {
    private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as bars; unknown values are blanks, all-zero is a flat line.
    public static func render(_ values: [Double?], width: Int) -> String {
        let shown = values.suffix(width)
        let peak = shown.compactMap { $0 }.max() ?? 0
        var text = String(repeating: " ", count: max(0, width - shown.count))
        for value in shown {
            guard let value else { text.append(" "); continue }
            let level = peak > 0 ? Int((value / peak * 7).rounded()) : 0
            text.append(blocks[min(max(level, 0), 7)])
        }
        return text
    }
}
