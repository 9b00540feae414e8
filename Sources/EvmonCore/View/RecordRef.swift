/// Points at a buffered record: its topic, partition and arrival stamp.
///
/// The stream pane keeps these instead of records, so its index costs a few words a row and a
/// record evicted from its buffer simply stops resolving.
public struct RecordRef: Sendable, Equatable, Hashable {
    public var topic: String
    public var partition: Int
    public var arrival: UInt64

    /// The arrival of a record known but never buffered (a dead letter the broker reported):
    /// it resolves to nothing, so showing it fetches it from the broker.
    public static let unbuffered = UInt64.max

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
}

extension AppState {
    /// Every record buffered for `topics`, oldest arrival first, with the topic it is buffered
    /// under: what a rebuilt view or a reloaded watch file starts from.
    public func bufferedByArrival(_ topics: some Sequence<String>) -> [(topic: String, buffered: BufferedRecord)] {
        var merged: [(topic: String, buffered: BufferedRecord)] = []
        for topic in topics {
            guard let buffer = self.topics[topic]?.buffer else { continue }
            for ring in buffer.partitions.values { merged += ring.lazy.map { (topic, $0) } }
        }
        // Arrival stamps are unique and increase within each ring: one sort merges them all.
        merged.sort { $0.buffered.arrival < $1.buffered.arrival }
        return merged
    }

    /// The buffered message at a dead letter's coordinates, found by offset (a broker-reported
    /// dead letter's reference does not resolve, but its stream may be streamed).
    public func bufferedRecord(at id: DeadLetterID) -> Record? {
        topics[id.topic]?.buffer.partitions[id.partition]?.last(where: { $0.record.offset == id.offset })?.record
    }

    /// The listed entry of a dead letter the broker reported at `record`'s coordinates (it sits
    /// in an ordinary stream, so neither its topic's name nor its headers say so).
    public func brokerReportedDeadLetter(_ record: Record) -> DeadLetterEntry? {
        let id = DeadLetterID(topic: record.topic, partition: record.partition, offset: record.offset)
        return deadLetters.last { $0.id == id && $0.reference.arrival == RecordRef.unbuffered }
    }

    /// Resolves a reference to its record, if still buffered.
    public func record(_ reference: RecordRef) -> BufferedRecord? {
        topics[reference.topic]?.buffer.record(partition: reference.partition, arrival: reference.arrival)
    }
}
