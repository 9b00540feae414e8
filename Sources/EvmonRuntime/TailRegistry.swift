/// The running tails, each reading a set of topics.
struct TailRegistry {
    private var tails: [(topics: Set<String>, task: Task<Void, Never>)] = []

    mutating func add(topics: [String], task: Task<Void, Never>) {
        tails.append((Set(topics), task))
    }

    /// Cancels every tail reading any of `topics`; returns the other topics those tails read,
    /// which the caller restarts on their own.
    mutating func remove(topics: [String]) -> [[String]] {
        let removed = Set(topics)
        var orphaned: [[String]] = []
        tails.removeAll { tail in
            guard !tail.topics.isDisjoint(with: removed) else { return false }
            tail.task.cancel()
            let rest = tail.topics.subtracting(removed)
            if !rest.isEmpty { orphaned.append(rest.sorted()) }
            return true
        }
        return orphaned
    }

    mutating func cancelAll() {
        tails.forEach { $0.task.cancel() }
        tails = []
    }
}
