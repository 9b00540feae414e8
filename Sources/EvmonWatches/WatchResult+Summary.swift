extension WatchResult {
    /// One short line for a list of watches (the TUI's pane, `check`'s text):
    /// `120 judged`, `3 of 120 failed (gap 2, regression 1)`, `118 judged, 2 open`.
    public var summary: String {
        switch status {
        case .pass:
            return "\(evaluated) judged"
        case .fail:
            var text = "\(failures) of \(evaluated) failed"
            if !failuresByCategory.isEmpty {
                text += " (" + failuresByCategory.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            }
            return text
        case .pending:
            return open > 0 ? "\(evaluated) judged, \(open) open" : "\(evaluated) judged"
        }
    }
}
