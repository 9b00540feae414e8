import DequeModule
import JQ
import EvmonModel
import EvmonJSON

/// `unique: {key: .event_id, within: 10m}`: a key never repeats within the window (event time).
final class UniqueEvaluator: WatchEvaluator {
    private struct Seen {
        var timestamp: Int64
        var partition: Int
        var offset: Offset
    }

    private let key: RecordSelector
    private let within: Int64?
    private let capacity: Int
    private var seen: [String: Seen] = [:]
    /// Keys by the time they were last seen, oldest first, for expiry and the cap.
    private var byAge: Deque<(key: String, timestamp: Int64)> = []

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
        guard let keyText = selected.key else {
            result.fail(Violation(record: record, why: "no \(key) to compare: \(selected.display)", category: "no key"))
            return
        }
        // One hash of the key for the common case: the new sighting goes in, the previous comes back.
        let previous = seen.updateValue(Seen(timestamp: record.timestamp, partition: record.partition, offset: record.offset), forKey: keyText)
        if let previous, within.map({ record.timestamp.clampedSubtracting(previous.timestamp).clampedMagnitude <= $0 }) ?? true {
            let gap = WatchDuration.text(record.timestamp.clampedSubtracting(previous.timestamp).clampedMagnitude)
            result.fail(Violation(
                record: record, why: "duplicate \(key) \(selected.display), seen \(gap) apart (also at \(record.topic)/\(previous.partition)@\(previous.offset))",
                category: "duplicate"))
        }
        if let previous, previous.timestamp > record.timestamp {
            // An older sighting arriving late does not replace the newer one.
            seen[keyText] = previous
            return
        }
        byAge.append((keyText, record.timestamp))
        while seen.count > capacity || byAge.count > capacity * 2, let oldest = byAge.popFirst() {
            guard seen.count > capacity, let removed = seen.removeValue(forKey: oldest.key) else { continue }
            if removed.timestamp == oldest.timestamp {
                result.forgotten += 1
                if result.note != capNote { result.note = capNote }
            } else {
                // Seen again since: its newer sighting is further back in the queue.
                seen[oldest.key] = removed
            }
        }
    }

    func advance(to time: Int64, result: inout WatchResult) {
        guard let within else { return }
        while let oldest = byAge.first, oldest.timestamp < time.clampedSubtracting(within) {
            byAge.removeFirst()
            if seen[oldest.key]?.timestamp == oldest.timestamp { seen[oldest.key] = nil }
        }
    }
}
