/// Points at a buffered record: its topic, partition and arrival stamp.
///
/// The stream pane keeps these instead of records, so its index costs a few words a row and a
/// record evicted from its buffer simply stops resolving.
public struct RecordRef: Sendable, Equatable, Hashable {
    public var topic: String
    public var partition: Int
    public var arrival: UInt64

    public init(topic: String, partition: Int, arrival: UInt64) {
        self.topic = topic
        self.partition = partition
        self.arrival = arrival
    }
}

extension TopicBuffer {
    /// The buffered record with this arrival stamp in `partition`, if still held.
    public func record(partition: Int, arrival: UInt64) -> BufferedRecord? {
        guard let ring = partitions[partition] else { return nil }
        // Arrivals increase within a partition's ring, so binary search finds it.
        var low = 0
        var high = ring.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let candidate = ring[middle].arrival
            if candidate == arrival { return ring[middle] }
            if candidate < arrival { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Every held record, oldest arrival first (for rebuilding a view).
    public func allByArrival() -> [BufferedRecord] {
        newest(count)
    }
}

extension AppState {
    /// Resolves a reference to its record, if still buffered.
    public func record(_ reference: RecordRef) -> BufferedRecord? {
        topics[reference.topic]?.buffer.record(partition: reference.partition, arrival: reference.arrival)
    }
}
