import EvmonModel
import EvmonDeadLetters

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
