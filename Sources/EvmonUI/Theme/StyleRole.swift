/// What a piece of the screen *is*; a theme says how each role looks (k9s-style skins).
///
/// The raw value is the key used in theme files (`themes/*.yaml`).
public enum StyleRole: UInt8, Sendable, CaseIterable, Hashable {
    case text
    case dim
    case border
    case borderFocused
    case title
    case titleFocused
    case header
    case selection
    case selectionUnfocused
    case statusBar
    case statusKey
    case hint
    case ok
    case warn
    case error
    case pending
    case jsonKey
    case jsonString
    case jsonNumber
    case jsonLiteral
    case jsonPunctuation
    /// Escaped control bytes (`\x1b`) and hex dumps: shown, but visibly not the payload's text.
    case escaped
    case sparkline
    case overlay
    case overlayTitle
    case prompt
    case match

    /// The name used in theme files.
    public var name: String {
        switch self {
        case .text: "text"
        case .dim: "dim"
        case .border: "border"
        case .borderFocused: "border_focused"
        case .title: "title"
        case .titleFocused: "title_focused"
        case .header: "header"
        case .selection: "selection"
        case .selectionUnfocused: "selection_unfocused"
        case .statusBar: "status_bar"
        case .statusKey: "status_key"
        case .hint: "hint"
        case .ok: "ok"
        case .warn: "warn"
        case .error: "error"
        case .pending: "pending"
        case .jsonKey: "json_key"
        case .jsonString: "json_string"
        case .jsonNumber: "json_number"
        case .jsonLiteral: "json_literal"
        case .jsonPunctuation: "json_punctuation"
        case .escaped: "escaped"
        case .sparkline: "sparkline"
        case .overlay: "overlay"
        case .overlayTitle: "overlay_title"
        case .prompt: "prompt"
        case .match: "match"
        }
    }

    /// The role a theme-file key names, if any.
    public init?(name: String) {
        guard let role = StyleRole.allCases.first(where: { $0.name == name }) else { return nil }
        self = role
    }
}
