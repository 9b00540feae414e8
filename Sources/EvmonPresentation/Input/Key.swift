/// A key press as the model sees it, independent of curses key codes.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// A printable character (letters, digits, punctuation, space).
    case character(Character)
    /// Ctrl plus a letter, lower-cased (`.control("c")`).
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case function(Int)

    /// How help and hints spell the key.
    public var description: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let character): "ctrl-\(character)"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .backspace: "backspace"
        case .delete: "del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .home: "home"
        case .end: "end"
        case .function(let number): "f\(number)"
        }
    }
}
