import EvmonModel

/// A `:seek` under way: what it sought, so that its landing can be told.
public struct SeekProgress: Sendable, Equatable {
    /// The topics sought.
    public var topics: [String]
    /// The position as typed (`-5m`, `earliest`).
    public var target: String

    public init(topics: [String], target: String) {
        self.topics = topics
        self.target = target
    }
}

/// Ends a seek's "seeking…" notice with what it found: the first message, where the cursor now
/// is, or that every partition was read to its end without one.
func reportSeekLanding(in state: inout AppState) {
    guard let seek = state.view.seek else { return }
    let stream = state.view.stream
    if stream.isFollowing, !stream.landsOnFirstRow {
        // The user went to the newest (G) before anything arrived: there is no landing to tell.
        state.view.seek = nil
        return
    }
    if !stream.landsOnFirstRow, let number = stream.selectedRowNumber, let reference = stream.row(number),
        let record = state.record(reference)?.record {
        state.view.seek = nil
        let time = Timestamps.clockTime(record.timestamp, utcOffsetSeconds: state.view.utcOffsetSeconds)
        state.view.notice = Notice("\(seek.target): on the first message, \(record.shownCoordinates) at \(time) · G follows the newest", at: state.now)
        return
    }
    let allCaughtUp = seek.topics.allSatisfy { name in
        guard let topic = state.topics[name], !topic.metadata.partitions.isEmpty else { return false }
        return topic.metadata.partitions.allSatisfy { topic.caughtUpPartitions.contains($0.id) || topic.failedPartitions[$0.id] != nil }
    }
    guard allCaughtUp, stream.rowCount == 0 else { return }
    state.view.seek = nil
    let what = stream.filter.map { "matching /\($0.source) " } ?? ""
    state.view.notice = Notice("\(seek.target): no message \(what)in \(seek.topics.joined(separator: ", ")) from there; new ones will show here", at: state.now)
}
