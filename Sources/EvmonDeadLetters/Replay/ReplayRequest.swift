/// What the user asked to replay: which messages, to where, edited or not.
public struct ReplayRequest: Sendable, Equatable {
    public var ids: [DeadLetterID]
    /// A topic typed at the prompt; `nil` for each message's origin.
    public var target: String?
    /// True when `target` replaces every origin (`R`), not only unknown ones.
    public var replacesOrigins: Bool
    /// True when the value is edited in `$EDITOR` before confirming (`e`).
    public var editing: Bool

    public init(ids: [DeadLetterID], target: String? = nil, replacesOrigins: Bool = false, editing: Bool = false) {
        self.ids = ids
        self.target = target
        self.replacesOrigins = replacesOrigins
        self.editing = editing
    }
}
