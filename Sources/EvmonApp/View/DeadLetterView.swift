import EvmonModel
import EvmonDeadLetters

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
///
/// Holds positions in the dead-letter buffer rather than copies, so grouping 2,000 entries on
/// every frame stays cheap.
public struct DeadLetterGroup: Sendable, Equatable {
    /// The reason's fingerprint: `OutOfStockException: SKU-# has no stock`.
    public var summary: String
    public var isCollapsed: Bool
    /// Positions in `AppState.deadLetters`, newest first.
    public var positions: [Int]
    /// The buffer the positions point into (a copy-on-write reference, not a copy).
    let buffer: RingBuffer<DeadLetterEntry>

    public var count: Int { positions.count }
    public var newest: Int64 { positions.first.map { buffer[$0].timestamp } ?? 0 }
    public var oldest: Int64 { positions.last.map { buffer[$0].timestamp } ?? 0 }
    /// The entries' ids, newest first.
    public var ids: [DeadLetterID] { positions.map { buffer[$0].id } }

    public static func == (lhs: DeadLetterGroup, rhs: DeadLetterGroup) -> Bool {
        lhs.summary == rhs.summary && lhs.isCollapsed == rhs.isCollapsed && lhs.positions == rhs.positions
    }
}

/// The DLQ pane's rows, resolved on demand: a pane shows a screenful of thousands.
public struct DeadLetterRows: RandomAccessCollection, Sendable {
    public let groups: [DeadLetterGroup]
    /// The row number of each group's header.
    private let starts: [Int]
    public let endIndex: Int
    public var startIndex: Int { 0 }

    init(groups: [DeadLetterGroup]) {
        self.groups = groups
        var starts: [Int] = []
        var row = 0
        for group in groups {
            starts.append(row)
            row += 1 + (group.isCollapsed ? 0 : group.count)
        }
        self.starts = starts
        endIndex = row
    }

    public subscript(row: Int) -> DeadLetterRow {
        // The last group starting at or before `row`.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        let group = groups[low]
        let offset = row - starts[low]
        return offset == 0 ? .group(group) : .entry(group.buffer[group.positions[offset - 1]])
    }
}

extension AppState {
    /// Groups the dead letters again (after they changed, or a reason was folded): biggest
    /// group first (then the one that failed last), each group's entries newest first by
    /// timestamp. Arrival order is not used: partitions arrive interleaved differently on every
    /// run, and the pane must not reorder with them. Kept in the state because every frame
    /// draws the groups and dead letters change far less often than frames are drawn.
    mutating func regroupDeadLetters() {
        deadLetterGroups = groupedDeadLetters()
    }

    /// Lets go of the groups before dead letters are appended: they share the buffer's storage,
    /// and holding it would make the first append copy all 2,000 entries.
    mutating func releaseDeadLetterGroups() {
        deadLetterGroups = []
    }

    private func groupedDeadLetters() -> [DeadLetterGroup] {
        var positions: [String: [Int]] = [:]
        for position in deadLetters.indices {
            positions[deadLetters[position].fingerprint, default: []].append(position)
        }
        let collapsed = view.deadLetters.collapsed
        let buffer = deadLetters
        func isNewer(_ a: Int, _ b: Int) -> Bool {
            let (left, right) = (buffer[a], buffer[b])
            return left.timestamp != right.timestamp ? left.timestamp > right.timestamp : left.id > right.id
        }
        return positions
            .map { fingerprint, members in
                DeadLetterGroup(summary: fingerprint, isCollapsed: collapsed.contains(fingerprint), positions: members.sorted(by: isNewer), buffer: buffer)
            }
            .sorted { a, b in
                if a.count != b.count { return a.count > b.count }
                if a.newest != b.newest { return a.newest > b.newest }
                return a.summary < b.summary
            }
    }

    /// Puts the DLQ cursor back on its anchored row after rows moved (dead letters arrived, a
    /// reason was folded), or keeps it in range when that row is gone.
    mutating func reanchorDeadLetterCursor() {
        // Never moved: the cursor is on the top row, and rows only grow while it is.
        guard view.deadLetters.anchor != nil else { return }
        let rows = deadLetterRows
        if let anchor = view.deadLetters.anchor, let index = rows.firstIndex(where: { $0.id == anchor }) {
            view.deadLetters.cursor = index
        } else {
            view.deadLetters.cursor = min(max(0, view.deadLetters.cursor), max(0, rows.count - 1))
        }
    }

    /// The DLQ pane's rows: each group, then its entries unless it is collapsed.
    public var deadLetterRows: DeadLetterRows { DeadLetterRows(groups: deadLetterGroups) }
}
