/// What `evmon WORD` meant when WORD is no command: `ui` is the default command and takes
/// topics, so without this a typo such as `evmon tpoics` would open the TUI on a topic called
/// `tpoics`. A word far from every command is that: a topic (`evmon orders`).
enum CommandSuggestion {
    /// The command names people type first.
    static let commands = ["ui", "demo", "topics", "tail", "lag", "dlq", "check", "help"]

    /// `unknown command 'WORD'; did you mean 'NAME'?` when the first argument is a word within
    /// two edits of a command. Checked before parsing: were `ui` to take topics, a near miss
    /// would otherwise open the TUI on a topic called `tpoics`.
    static func nearMiss(_ arguments: [String]) -> String? {
        guard let word = candidate(arguments), let closest = closest(to: word) else { return nil }
        return "unknown command '\(shown(word))'; did you mean '\(closest)'?"
    }

    /// The first argument, when it is a word (not an option) that names no command.
    private static func candidate(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        return word
    }

    private static func shown(_ word: String) -> String {
        word.count > 40 ? String(word.prefix(40)) + "…" : word
    }

    /// The command within two edits (a swapped pair of letters counting as one) of `word`.
    static func closest(to word: String) -> String? {
        let scored = commands.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < word.count else { return nil }
        return best.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and transpositions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
