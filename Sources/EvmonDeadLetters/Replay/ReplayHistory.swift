/// Every dead letter's replay marks on one broker, rebuilt from the audit log so that marks
/// survive restarts.
public struct ReplayHistory: Sendable, Equatable {
    public private(set) var marks: [DeadLetterID: ReplayMark] = [:]

    public init() {}

    public subscript(id: DeadLetterID) -> ReplayMark? { marks[id] }

    /// Notes how an attempt ended.
    public mutating func finished(_ id: DeadLetterID, _ outcome: ReplayOutcome, at time: Int64) {
        var mark = marks[id] ?? ReplayMark()
        switch outcome {
        case .replayed(let position):
            mark.replayed = position
            mark.replayedAt = time
        case .failed(let reason):
            mark.lastFailure = reason
        case .unknown:
            mark.unknownAt = time
        }
        marks[id] = mark
    }

    /// Rebuilds the history of `broker` from audit-log lines (JSON lines, as `ReplayJournalEntry`
    /// writes them). An attempt logged as sending with no outcome line (evmon stopped before the
    /// broker answered) counts as unknown. Lines of other brokers are skipped; lines that are not
    /// readable entries are counted, never fatal: a damaged log must not stop anyone working.
    public static func parse(_ bytes: [UInt8], broker: String) -> (history: ReplayHistory, unreadableLines: Int) {
        var history = ReplayHistory()
        var unreadable = 0
        var open: [String: (id: DeadLetterID, at: Int64)] = [:]
        var order: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            guard let entry = ReplayJournalEntry(jsonLine: Array(line)) else {
                unreadable += 1
                continue
            }
            guard entry.broker == broker else { continue }
            switch entry.event {
            case .sending:
                open[entry.attempt] = (entry.source, entry.at)
                order.append(entry.attempt)
            case .finished(let outcome):
                open[entry.attempt] = nil
                history.finished(entry.source, outcome, at: entry.at)
            }
        }
        for attempt in order {
            guard let (id, at) = open[attempt] else { continue }
            history.finished(id, .unknown("evmon stopped before the broker answered"), at: at)
        }
        return (history, unreadable)
    }
}
