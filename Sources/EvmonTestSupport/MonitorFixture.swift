import EvmonApp
import EvmonModel

/// A monitor state for reducer and renderer tests, built the way a session builds it: a screen
/// size, then topics listed, then records read, each through `reduce`.
public struct MonitorFixture {
    public var state: AppState

    /// An empty monitor on a `width` × `height` screen at `now`.
    public init(width: Int = 120, height: Int = 30, now: Int64 = 1_000) {
        state = AppState(brokerURL: "test://", now: now)
        _ = reduce(&state, .terminalResized(width: width, height: height))
    }

    /// Lists `topics`, each with `partitions` partitions holding offsets `0..<count`.
    public mutating func list(_ topics: [String], partitions: Int = 1, count: Int64) {
        let metadata = topics.map { name in
            TopicMetadata(name: name, partitions: (0..<partitions).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(count)) })
        }
        _ = reduce(&state, .topicsListed(metadata, at: state.now))
    }

    /// Reads `records` from one partition of `topic`.
    public mutating func read(_ records: [Record], topic: String, partition: Int = 0) {
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: topic, partition: partition), records: records)))
    }
}
