import DequeModule
import JQ
import EvmonModel
import EvmonJSON

/// `unique: {key: .event_id, within: 10m}`: a key never repeats within the window (event time).
final class UniqueEvaluator: WatchEvaluator {
    /// Packed small (partitions fit in 32 bits), as a million of these are looked up at random.
    private struct Seen {
        var timestamp: Int64
        var offset: Offset
        private var partitionNumber: Int32
        var partition: Int { Int(partitionNumber) }

        init(timestamp: Int64, partition: Int, offset: Offset) {
            self.timestamp = timestamp
            self.offset = offset
            partitionNumber = Int32(clamping: partition)
        }
    }

    private let key: RecordSelector
    private let within: Int64?
    private let capacity: Int
    /// Keys as fingerprints: the violation shows the key of the message at hand, never a
    /// remembered one, so the text need not be kept.
    private let seen = FingerprintMap<Seen>()
    /// Keys by the time they were last seen, oldest first, for expiry and the cap.
    private var byAge: Deque<(key: KeyFingerprint, timestamp: Int64)> = []

    var needsJSON: Bool { key.needsJSON }

    /// Said once the cap is reached; made once, not once per forgotten key.
    private let capNote: String

    init(key: RecordSelector, within: Int64?, capacity: Int) {
        self.key = key
        self.within = within
        self.capacity = capacity
        capNote = "key cap (\(capacity)) reached: oldest keys forgotten"
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let record = message.record
        let selected = message.select(key)
        guard let fingerprint = selected.fingerprint else {
            result.fail(Violation(record: record, why: "no \(key) to compare: \(selected.display)", category: "no key"))
            return
        }
        // One hash of the key for the common case: the new sighting goes in, the previous comes back.
        let previous = seen.updateValue(Seen(timestamp: record.timestamp, partition: record.partition, offset: record.offset), forKey: fingerprint)
        if let previous, within.map({ record.timestamp.clampedSubtracting(previous.timestamp).clampedMagnitude <= $0 }) ?? true {
            let gap = WatchDuration.text(record.timestamp.clampedSubtracting(previous.timestamp).clampedMagnitude)
            result.fail(Violation(
                record: record, why: "duplicate \(key) \(selected.display), seen \(gap) apart (also at \(record.topic)/\(previous.partition)@\(previous.offset))",
                category: "duplicate"))
        }
        if let previous, previous.timestamp > record.timestamp {
            // An older sighting arriving late does not replace the newer one.
            seen.updateValue(previous, forKey: fingerprint)
            return
        }
        byAge.append((fingerprint, record.timestamp))
        while seen.count > capacity || byAge.count > capacity * 2, let oldest = byAge.popFirst() {
            guard seen.count > capacity, let removed = seen.removeValue(forKey: oldest.key) else { continue }
            if removed.timestamp == oldest.timestamp {
                result.forgotten += 1
                if result.note != capNote { result.note = capNote }
            } else {
                // Seen again since: its newer sighting is further back in the queue.
                seen.updateValue(removed, forKey: oldest.key)
            }
        }
    }

    func advance(to time: Int64, result: inout WatchResult) {
        guard let within else { return }
        while let oldest = byAge.first, oldest.timestamp < time.clampedSubtracting(within) {
            byAge.removeFirst()
            if seen[oldest.key]?.timestamp == oldest.timestamp { seen.removeValue(forKey: oldest.key) }
        }
    }
}
