import EvmonModel

/// Durations as docs/CLI.md and watch files write them: `500ms`, `10s`, `5m`, `1h`.
public enum WatchDuration {
    /// Milliseconds in `text`; a usage error names the text otherwise.
    public static func milliseconds(parsing text: String) throws(EvmonError) -> Int64 {
        let units: [(suffix: String, factor: Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            if let whole = Int64(number), whole > 0, whole < Int64.max / unit.factor { return whole * unit.factor }
            if let fraction = Double(number), fraction > 0, fraction.isFinite, fraction * Double(unit.factor) < 1e15 {
                return Int64((fraction * Double(unit.factor)).rounded())
            }
        }
        throw .usage("'\(text)' is not a duration (write 500ms, 10s, 5m or 1h)")
    }

    /// `1.5s`, `500ms`, `2m`, for messages.
    public static func text(_ milliseconds: Int64) -> String {
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1_000 == 0 { return "\(milliseconds / 1_000)s" }
        if milliseconds < 1_000 { return "\(milliseconds)ms" }
        return "\(Double(milliseconds) / 1_000)s"
    }
}
