/// A replay run: how far it got and how each message ended.
public struct ReplayProgress: Sendable, Equatable {
    public var total: Int
    public var replayed = 0
    public var failed = 0
    public var unknown = 0
    /// The user cancelled; what was not sent yet stays in the DLQ untouched.
    public var isCancelled = false
    /// The last failure or unknown outcome, for the status line.
    public var lastProblem: String?
    /// The last outcome of all, for a run of one.
    public var last: String?

    public init(total: Int) {
        self.total = total
    }

    /// Messages that have an outcome.
    public var done: Int { replayed + failed + unknown }

    /// Counts one outcome.
    public mutating func count(_ outcome: ReplayOutcome, of id: DeadLetterID) {
        switch outcome {
        case .replayed: replayed += 1
        case .failed: failed += 1
        case .unknown: unknown += 1
        }
        // For the status line: the TUI's notation of a place (`orders-dlt/1@16`, DECISIONS.md),
        // not the header's `orders-dlt/1/16`.
        last = "\(id.topic)/\(id.partition)@\(id.offset) \(outcome.description)"
        if case .replayed = outcome {} else { lastProblem = last }
    }

    /// `3 replayed, 1 failed, 1 unknown` (only the non-zero parts).
    public var summary: String {
        var parts = ["\(replayed) replayed"]
        if failed > 0 { parts.append("\(failed) failed") }
        if unknown > 0 { parts.append("\(unknown) outcome unknown") }
        return parts.joined(separator: ", ")
    }
}
