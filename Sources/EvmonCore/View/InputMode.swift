/// Whether keys navigate or type into a prompt.
public enum InputMode: Sendable, Equatable {
    case normal
    /// Typing a filter after `/`; applied as it is typed (substrings) or on Enter (regexes).
    case filter(String)
    /// Typing a command after `:`.
    case command(String)
    /// Typing the topic to replay dead letters to whose origin is unknown.
    case replayTarget(String, [DeadLetterID])
}

/// Something drawn over the panes that takes the keys until closed.
public enum Overlay: Sendable, Equatable {
    case help
    /// What a replay will send, waiting for `y`.
    case confirmReplay([ReplayPlan])
}
