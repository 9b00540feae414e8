/// The lag pane's rows: each group (total lag, worst health), then its partitions.
public enum LagRow: Sendable, Equatable {
    case group(GroupState)
    case partition(group: String, history: PartitionLagHistory)
}

extension AppState {
    /// Lag rows in display order: groups by name, partitions by topic and number.
    public var lagRows: [LagRow] {
        var rows: [LagRow] = []
        for name in groups.keys.sorted() {
            guard let group = groups[name] else { continue }
            rows.append(.group(group))
            for topicPartition in group.partitions.keys.sorted() {
                rows.append(.partition(group: name, history: group.partitions[topicPartition]!))
            }
        }
        return rows
    }
}
