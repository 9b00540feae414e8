/// The filters used before, newest last, walked with ↑/↓ at the `/` prompt as a shell's history.
public struct PromptHistory: Sendable, Equatable {
    /// Entries kept at most.
    public static let capacity = 50
    /// Entries, oldest first, without repeats.
    public private(set) var entries: [String] = []
    /// The entry shown while walking (an index into `entries`); `nil` before the first step.
    private var position: Int?
    /// What was typed before walking began, given back past the newest entry.
    private var draft = ""

    public init() {}

    /// Adds `text` as the newest entry (moving it there when already known).
    public mutating func remember(_ text: String) {
        entries.removeAll { $0 == text }
        entries.append(text)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        position = nil
    }

    /// Starts a new walk (the prompt opened).
    public mutating func rewind() {
        position = nil
        draft = ""
    }

    /// One step older (`-1`) or newer (`+1`) from the line `current`: the entry to show, the
    /// draft again past the newest, or `nil` when there is nowhere to go.
    public mutating func step(_ direction: Int, from current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        if position == nil {
            guard direction < 0 else { return nil }
            draft = current
            position = entries.count - 1
            return entries[entries.count - 1]
        }
        let next = position! + direction
        if next < 0 { return nil }
        if next >= entries.count {
            position = nil
            return draft
        }
        position = next
        return entries[next]
    }
}
