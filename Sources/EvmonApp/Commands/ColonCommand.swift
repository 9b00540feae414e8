import EvmonPresentation

/// One `:` command: the names it answers to, how help and hints describe it, and what it does.
///
/// `ColonCommand.all` is the one list of them: the prompt runs and completes from it, and the
/// `?` overlay, the `:` key's help and the prompt's hint bar are written from it.
public struct ColonCommand: Sendable {
    /// The names it answers to; the first is the one help, hints and completion show.
    public let names: [String]
    /// Its arguments as help shows them after the name (`A B…`); empty when it takes none.
    public let arguments: String
    /// What it does, for the `?` overlay.
    public let help: String
    /// Runs it with the words typed after its name.
    let run: @Sendable (_ arguments: [String], _ state: inout AppState) -> [Effect]
    /// What Tab completes its arguments from (topic names for `:topic`).
    let completions: @Sendable (_ state: AppState) -> [String]
    /// Whether Tab also completes file paths (`:watches`, `:theme`), which the session lists
    /// (`Effect.listFiles`): the reducer reads no disk.
    let completesFiles: Bool

    init(
        _ names: [String], _ arguments: String = "", help: String,
        completions: @escaping @Sendable (_ state: AppState) -> [String] = { _ in [] }, completesFiles: Bool = false,
        run: @escaping @Sendable (_ arguments: [String], _ state: inout AppState) -> [Effect]
    ) {
        self.names = names
        self.arguments = arguments
        self.help = help
        self.completions = completions
        self.completesFiles = completesFiles
        self.run = run
    }

    /// The name help and completion use.
    public var name: String { names[0] }

    /// How help spells it: `:seek POS`.
    public var usage: String { ":" + name + (arguments.isEmpty ? "" : " " + arguments) }

    /// The word being typed after a file-completing command's name (`:watches ex` → `ex`), when
    /// Tab should ask the session for the files it may start.
    static func filePrefix(of typed: String) -> String? {
        guard let space = typed.firstIndex(of: " "), named(String(typed[..<space]))?.completesFiles == true else { return nil }
        return String(typed[typed.index(after: typed.lastIndex(of: " ")!)...])
    }

    /// The command called `name` (by any of its names).
    public static func named(_ name: String) -> ColonCommand? {
        all.first { $0.names.contains(name) }
    }

    /// The commands whose name starts with what is typed before the first space (all of them
    /// while nothing is typed, or when nothing matches).
    public static func matching(_ typed: String) -> [ColonCommand] {
        let verb = typed.split(separator: " ", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let matches = all.filter { $0.name.hasPrefix(verb) }
        return matches.isEmpty ? all : matches
    }

    /// Tab at the prompt: the command's name completed (`completion(of:)`), or after it the word
    /// being typed completed from the command's arguments (`:topic or` → `:topic orders`).
    static func completion(of typed: String, in state: AppState) -> String? {
        guard typed.contains(" ") else { return completion(of: typed) }
        let verb = String(typed.prefix { $0 != " " })
        guard let command = named(verb) else { return nil }
        let word = String(typed[typed.index(after: typed.lastIndex(of: " ")!)...])
        let candidates = command.completions(state)
        if candidates.contains(word), word.isEmpty == false { return nil }
        guard let completed = complete(word, among: candidates) else { return nil }
        // A word completed whole gets its space, ready for the next.
        let whole = candidates.contains(completed) && candidates.filter { $0.hasPrefix(completed) }.count == 1
        return PromptLine(typed).replacingLastWord(with: completed + (whole ? " " : "")).text
    }

    /// Tab at the prompt: the typed name completed as far as the commands it may start agree
    /// (with a space after a whole name that takes arguments); `nil` when there is nothing to add.
    public static func completion(of typed: String) -> String? {
        guard !typed.contains(" ") else { return nil }
        let names = all.map(\.name).filter { $0.hasPrefix(typed) }
        guard let first = names.first else { return nil }
        if names.count == 1, let command = named(first) {
            let completed = first + (command.arguments.isEmpty ? "" : " ")
            return completed == typed ? nil : completed
        }
        let shared = names.dropFirst().reduce(first) { shared, name in String(zip(shared, name).prefix { $0 == $1 }.map(\.0)) }
        return shared.count > typed.count ? shared : nil
    }
}

/// Runs a line typed after `:`; unknown commands are a notice.
func runCommand(_ line: String, in state: inout AppState) -> [Effect] {
    let words = line.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    guard let command = ColonCommand.named(verb) else {
        return commandFailed("unknown command '\(verb)' (try :help)", in: &state)
    }
    // An earlier mistake no longer applies: a command that fails says so afresh.
    if state.view.notice?.isError == true { state.view.notice = nil }
    return command.run(Array(words.dropFirst()), &state)
}

/// A command's mistake, told in the status bar; nothing happens.
func commandFailed(_ message: String, in state: inout AppState) -> [Effect] {
    state.view.notice = Notice(message, isError: true, at: state.now)
    return []
}
