/// The line typed at a prompt (`/`, `:`, a replay's target) with its cursor, edited as readline
/// does: ←/→, `ctrl-a`/`home`, `ctrl-e`/`end`, `ctrl-u` (to the start), `ctrl-k` (to the end),
/// `ctrl-w` (the word before the cursor), backspace and del.
///
/// A line can open selected (`/` with a filter already set): the first character typed replaces
/// it, as in a browser's address bar, while ←/→ keep it for editing.
public struct PromptLine: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// What is typed.
    public private(set) var text: String
    /// Characters before the cursor.
    public private(set) var cursor: Int
    /// The whole line is selected: typing replaces it, backspace clears it.
    public private(set) var isSelected: Bool

    /// `text` with the cursor at its end; `selected` to have the first key typed replace it.
    public init(_ text: String = "", selected: Bool = false) {
        self.text = text
        cursor = text.count
        isSelected = selected && !text.isEmpty
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    public var description: String { text }

    /// The text before and after the cursor, for drawing it.
    public var split: (before: String, after: String) {
        let index = text.index(text.startIndex, offsetBy: cursor)
        return (String(text[..<index]), String(text[index...]))
    }

    /// What a key does to the line: a new line, or `nil` when the key is not an editing key
    /// (Enter, Esc, Tab and the arrows up and down are the prompt's to handle).
    public func editing(_ key: Key) -> PromptLine? {
        var line = self
        switch key {
        case .character(let character):
            if line.isSelected { line = PromptLine() }
            line.insert(character)
        case .backspace:
            if line.isSelected { return PromptLine() }
            guard line.cursor > 0 else { return line }
            line.remove(from: line.cursor - 1, to: line.cursor)
        case .delete, .control("d"):
            if line.isSelected { return PromptLine() }
            guard line.cursor < line.text.count else { return line }
            line.remove(from: line.cursor, to: line.cursor + 1)
        case .left, .control("b"):
            line.cursor = line.isSelected ? 0 : max(0, line.cursor - 1)
        case .right, .control("f"):
            line.cursor = line.isSelected ? line.text.count : min(line.text.count, line.cursor + 1)
        case .home, .control("a"):
            line.cursor = 0
        case .end, .control("e"):
            line.cursor = line.text.count
        case .control("u"):
            line.remove(from: 0, to: line.isSelected ? line.text.count : line.cursor)
        case .control("k"):
            line.remove(from: line.isSelected ? 0 : line.cursor, to: line.text.count)
        case .control("w"):
            line.remove(from: line.isSelected ? 0 : line.wordStart, to: line.isSelected ? line.text.count : line.cursor)
        default:
            return nil
        }
        line.isSelected = false
        return line
    }

    /// The line with its last word (after the last space) replaced by `word`, cursor at the end.
    public func replacingLastWord(with word: String) -> PromptLine {
        let kept = text.lastIndex(of: " ").map { String(text[...$0]) } ?? ""
        return PromptLine(kept + word)
    }

    /// Where the word before the cursor starts (spaces just before the cursor belong to it).
    private var wordStart: Int {
        let characters = Array(text.prefix(cursor))
        var index = characters.count
        while index > 0, characters[index - 1] == " " { index -= 1 }
        while index > 0, characters[index - 1] != " " { index -= 1 }
        return index
    }

    private mutating func insert(_ character: Character) {
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(character, at: index)
        cursor += 1
    }

    private mutating func remove(from start: Int, to end: Int) {
        guard start < end else { return }
        let lower = text.index(text.startIndex, offsetBy: start)
        let upper = text.index(text.startIndex, offsetBy: end)
        text.removeSubrange(lower..<upper)
        cursor = start
    }
}
