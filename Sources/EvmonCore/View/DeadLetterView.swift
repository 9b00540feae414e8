/// How the DLQ pane is being looked at: a cursor over its rows, groups folded away, and the
/// entries marked for a bulk replay.
public struct DeadLetterView: Sendable, Equatable {
    public var cursor = 0
    /// The row the cursor is on, so that it stays on that reason or entry when dead letters
    /// arrive and rows shift beneath it (`nil`: the top row).
    public var anchor: DeadLetterRowID?
    /// Reasons (`DeadLetterEntry.fingerprint`) whose entries are hidden.
    public var collapsed: Set<String> = []
    /// Entries marked with space for a bulk replay.
    public var marked: Set<DeadLetterID> = []

    public init() {}
}

/// One row of the DLQ pane: a reason with its entries beneath it.
public enum DeadLetterRow: Sendable, Equatable {
    case group(DeadLetterGroup)
    case entry(DeadLetterEntry)
}

/// What a DLQ row shows: a reason, or one dead letter.
public enum DeadLetterRowID: Sendable, Hashable {
    case group(String)
    case entry(DeadLetterID)
}

extension DeadLetterRow {
    public var id: DeadLetterRowID {
        switch self {
        case .group(let group): .group(group.summary)
        case .entry(let entry): .entry(entry.id)
        }
    }
}

/// Dead letters that failed for the same reason (exception class and message, particulars masked).
public struct DeadLetterGroup: Sendable, Equatable {
    /// The reason's fingerprint: `OutOfStockException: SKU-# has no stock`.
    public var summary: String
    /// Newest first.
    public var entries: [DeadLetterEntry]
    public var isCollapsed: Bool

    public var count: Int { entries.count }
    public var newest: Int64 { entries.first?.timestamp ?? 0 }
    public var oldest: Int64 { entries.last?.timestamp ?? 0 }
}

extension AppState {
    /// Dead letters grouped by reason, biggest group first (then the most recent), each group's
    /// entries newest first.
    public var deadLetterGroups: [DeadLetterGroup] {
        var groups: [String: [DeadLetterEntry]] = [:]
        var order: [String] = []
        for entry in deadLetters.reversed() {
            let fingerprint = entry.fingerprint
            if groups[fingerprint] == nil { order.append(fingerprint) }
            groups[fingerprint, default: []].append(entry)
        }
        return order.enumerated()
            .map { (rank: $0.offset, group: DeadLetterGroup(summary: $0.element, entries: groups[$0.element] ?? [], isCollapsed: view.deadLetters.collapsed.contains($0.element))) }
            .sorted { $0.group.count != $1.group.count ? $0.group.count > $1.group.count : $0.rank < $1.rank }
            .map(\.group)
    }

    /// Puts the DLQ cursor back on its anchored row after rows moved (dead letters arrived, a
    /// reason was folded), or keeps it in range when that row is gone.
    mutating func reanchorDeadLetterCursor() {
        let rows = deadLetterRows
        if let anchor = view.deadLetters.anchor, let index = rows.firstIndex(where: { $0.id == anchor }) {
            view.deadLetters.cursor = index
        } else {
            view.deadLetters.cursor = min(max(0, view.deadLetters.cursor), max(0, rows.count - 1))
        }
    }

    /// The DLQ pane's rows: each group, then its entries unless it is collapsed.
    public var deadLetterRows: [DeadLetterRow] {
        deadLetterGroups.flatMap { group in
            [DeadLetterRow.group(group)] + (group.isCollapsed ? [] : group.entries.map(DeadLetterRow.entry))
        }
    }
}
