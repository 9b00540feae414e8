/// A watch's live result: cheap to copy, meant to be read every frame.
public struct WatchResult: Sendable, Equatable {
    /// The watch's name, as in its file.
    public let name: String
    /// The kind's watch-file name (`require`, `followed_by`, …).
    public let kind: String
    /// The verdict so far; `pending` until something is judged.
    public internal(set) var status: WatchStatus = .pending
    /// Messages (or lag polls) judged.
    public internal(set) var evaluated = 0
    /// Failures so far (each offending message, expired obligation, interval or lag poll).
    public internal(set) var failures = 0
    /// The first failure: where the TUI jumps, what `check` reports.
    public internal(set) var firstFailure: Violation?
    /// The most recent failure (the first one too, when there was only one).
    public internal(set) var latestFailure: Violation?
    /// Failures per category, for kinds that tell them apart (`ordered`: gap, duplicate, regression).
    public internal(set) var failuresByCategory: [String: Int] = [:]
    /// Obligations still open (`followed_by`, `not_followed_by`).
    public internal(set) var open = 0
    /// State forgotten early because a cap was reached (keys, scopes, obligations), so verdicts
    /// after that point may miss a fault; shown rather than hidden.
    public internal(set) var forgotten = 0
    /// A short remark: why pending, the watermark, a cap reached.
    public internal(set) var note: String?

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }

    mutating func fail(_ violation: Violation) {
        failures += 1
        if firstFailure == nil { firstFailure = violation }
        latestFailure = violation
        if let category = violation.category { failuresByCategory[category, default: 0] += 1 }
    }
}
