/// A watch's verdict so far.
public enum WatchStatus: String, Sendable, Equatable {
    /// Nothing went wrong.
    case pass
    /// At least one failure.
    case fail
    /// Nothing failed, but something is still open (an obligation, no evidence yet).
    case pending
}
