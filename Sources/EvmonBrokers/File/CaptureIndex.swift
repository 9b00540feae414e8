import EvmonJSON
import EvmonModel

/// Where each message of a capture lies: per partition, in file order, its offset, time and
/// the byte range of its line. Messages are read from the file when a tail asks for them, so
/// memory grows by an entry (~32 bytes) per message, not by the messages themselves.
struct CaptureIndex {
    /// One message's place.
    struct Entry: Sendable {
        var offset: Offset
        var timestamp: Int64
        /// Where its line starts in the file, and its length without the newline.
        var start: Int64
        var length: Int32
    }

    private(set) var partitions: [TopicPartition: [Entry]] = [:]
    /// Lines that are not messages (not JSON, no topic, members of the wrong kind), counted.
    private(set) var malformed = 0
    /// The first of them, for people: `line 7: invalid JSON: …`.
    private(set) var firstMalformed: String?
    /// Where indexing goes on when the file grows: past the last whole line read.
    private(set) var indexedUpTo: Int64 = 0
    private(set) var nextLineNumber = 1
    /// Every message indexed, counted once.
    private(set) var messages = 0

    /// Reads the lines added since the last call (all of them the first time); a last line
    /// without its newline waits for it. Returns whether a message was added.
    mutating func extend(descriptor: Int32) throws(LineReaderError) -> Bool {
        var reader = LineReader(descriptor: descriptor, offset: indexedUpTo, firstLine: nextLineNumber, holdsPartialLine: true, positioned: true)
        var added = false
        while let line = try reader.next() {
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if add(line) { added = true }
        }
        // A last line that is a whole message needs no newline (a file written by hand).
        if let last = reader.takeHeldLine(if: { (try? RecordLine.decode($0.bytes))?.topic != nil }), add(last) { added = true }
        indexedUpTo = reader.position
        nextLineNumber = reader.nextLineNumber
        return added
    }

    /// Indexes one line; false (and counted) when it is not a message.
    private mutating func add(_ line: LineReader.Line) -> Bool {
        let decoded: RecordLine
        do {
            decoded = try line.bytes.withUnsafeBufferPointer { (buffer) throws(RecordLineError) in try RecordLine.coordinates(buffer) }
        } catch {
            noteMalformed(line: line.number, error.reason)
            return false
        }
        guard let topic = decoded.topic else {
            noteMalformed(line: line.number, "no topic")
            return false
        }
        guard line.bytes.count <= Int(Int32.max) else {
            noteMalformed(line: line.number, "a line of \(line.bytes.count) bytes")
            return false
        }
        let topicPartition = TopicPartition(topic: topic, partition: decoded.partition ?? 0)
        var entries = partitions.removeValue(forKey: topicPartition) ?? []
        // A line without an offset (written by hand) takes the next one of its partition.
        let offset = decoded.offset ?? .sequence(Int64(entries.count))
        entries.append(Entry(offset: offset, timestamp: decoded.timestamp ?? 0, start: line.start, length: Int32(line.bytes.count)))
        partitions[topicPartition] = entries
        messages += 1
        return true
    }

    private mutating func noteMalformed(line: Int, _ reason: String) {
        malformed += 1
        if firstMalformed == nil { firstMalformed = "line \(line): \(reason)" }
    }

    /// Every topic with its partitions: start and end as the capture recorded them (a Kafka
    /// offset's end is one past the last; a Redis id's end is the last, as Redis reports it).
    var metadata: [TopicMetadata] {
        var byTopic: [String: [PartitionMetadata]] = [:]
        for (topicPartition, entries) in partitions {
            let end = entries.last.map { last -> Offset in
                if case .sequence(let value) = last.offset { return .sequence(value.clampedAdding(1)) }
                return last.offset
            }
            byTopic[topicPartition.topic, default: []].append(PartitionMetadata(
                id: topicPartition.partition, startOffset: entries.first?.offset, endOffset: end, reportedMessageCount: Int64(entries.count)))
        }
        return byTopic.map { TopicMetadata(name: $0.key, partitions: $0.value.sorted { $0.id < $1.id }) }.sorted { $0.name < $1.name }
    }
}
