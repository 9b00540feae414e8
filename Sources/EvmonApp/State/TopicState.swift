import EvmonModel

/// Everything the model knows about one topic.
public struct TopicState: Sendable, Equatable {
    public var metadata: TopicMetadata
    /// Buffered records, bounded.
    public var buffer: TopicBuffer
    /// Messages per second over time, from metadata refreshes.
    public var rate: RateHistory
    /// Records received by evmon for this topic (not only those still buffered).
    public var receivedCount: Int = 0
    /// Partitions whose tail has reached the end at least once.
    public var caughtUpPartitions: Set<Int> = []
    /// Partitions a tail gave up, with why: the topics pane marks the topic until it is
    /// streamed again.
    public var failedPartitions: [Int: String] = [:]

    public init(metadata: TopicMetadata, settings: AppSettings) {
        self.metadata = metadata
        buffer = TopicBuffer(recordCapacity: settings.bufferRecordsPerTopic, byteCapacity: settings.bufferBytesPerTopic)
        buffer.declare(partitionIDs: metadata.partitions.map(\.id))
        rate = RateHistory()
    }
}
