import EvmonPresentation
import EvmonDeadLetters

/// Whether keys navigate or type into a prompt.
public enum InputMode: Sendable, Equatable {
    case normal
    /// Typing a filter after `/`; applied as it is typed (substrings) or on Enter (regexes).
    case filter(PromptLine)
    /// Typing a command after `:`.
    case command(PromptLine)
    /// Typing the topic to replay dead letters to.
    case replayTarget(ReplayTargetPrompt)
    /// An export's file exists: `y` replaces it.
    case confirmOverwrite(ExportRequest)
}

/// The prompt for a replay's target topic: after `R` (every entry goes there), or when some
/// entries' origin is unknown (only those go there; the rest keep their origin).
public struct ReplayTargetPrompt: Sendable, Equatable {
    /// The topic being typed, with its cursor.
    public var line: PromptLine
    /// The topic typed so far.
    public var text: String { line.text }
    public var ids: [DeadLetterID]
    /// True after `R`: the typed topic replaces every entry's origin.
    public var replacesOrigins: Bool

    public init(text: String = "", ids: [DeadLetterID], replacesOrigins: Bool) {
        line = PromptLine(text)
        self.ids = ids
        self.replacesOrigins = replacesOrigins
    }
}

/// Something drawn over the panes that takes the keys until closed.
public enum Overlay: Sendable, Equatable {
    case help
    /// What a replay will send, waiting for `y`.
    case confirmReplay([ReplayPlan])
    /// The trace of one transaction (`ViewState.trace`).
    case trace
}
