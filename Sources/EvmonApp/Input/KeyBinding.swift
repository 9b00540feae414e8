import EvmonPresentation

/// One row of the keymap: keys, what they do, where, and how help describes it.
///
/// The same table drives key handling, the `?` overlay and the hint bar (lazygit, k9s).
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var command: UICommand
    /// Panes where the binding applies; `nil` for everywhere.
    public var panes: Set<PaneID>?
    /// The help overlay's description.
    public var help: String
    /// A short label for the hint bar; `nil` keeps the binding out of the hints.
    public var hint: String?

    public init(_ keys: [Key], _ command: UICommand, in panes: Set<PaneID>? = nil, help: String, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.panes = panes
        self.help = help
        self.hint = hint
    }

    /// True when the binding works with `pane` focused.
    public func applies(in pane: PaneID) -> Bool { panes?.contains(pane) ?? true }

    /// How help spells the keys (`j/↓`).
    public var keyLabel: String { keys.map(\.description).joined(separator: "/") }
}
