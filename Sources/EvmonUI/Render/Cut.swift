/// Fitting names into columns without making them look like other names or numbers.
enum Cut {
    /// `head` followed by `tail` in `width` columns: when it does not fit, `head` is cut and
    /// ends in `…` while `tail` stays whole, so `payments-13516/3@120045` becomes
    /// `paym…/3@120045` rather than `payments-13516/`: a partition and an offset are numbers,
    /// and numbers are never cut. Only when `tail` alone is too wide is it cut too (with `…`).
    static func keepingTail(_ head: String, _ tail: String, width: Int) -> String {
        let tailWidth = DisplayWidth.of(tail)
        guard DisplayWidth.of(head) + tailWidth > width else { return head + tail }
        let headRoom = width - tailWidth - 1
        guard headRoom >= 1 else { return head + tail }
        return prefix(head, width: headRoom) + "…" + tail
    }

    /// The longest start of `text` at most `width` columns wide.
    static func prefix(_ text: String, width: Int) -> String {
        var used = 0
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let columns = DisplayWidth.of(scalar.value)
            guard used + columns <= width else { break }
            used += columns
            kept.append(scalar)
        }
        return String(kept)
    }
}
