import DequeModule
import EvmonCore

/// The demo broker's storage: topics of partitions of records, with Kafka-like offsets and a
/// retention limit so memory stays bounded however long the demo runs.
struct DemoLog: Sendable {
    /// One partition: records in offset order, the first at `startOffset`.
    struct Partition: Sendable {
        var startOffset: Int64 = 0
        var records: Deque<Record> = []

        /// The offset the next record gets (high watermark).
        var endOffset: Int64 { startOffset + Int64(records.count) }

        /// The record at `offset`, if still held.
        func record(at offset: Int64) -> Record? {
            let index = offset - startOffset
            guard index >= 0, index < records.count else { return nil }
            return records[Int(index)]
        }

        /// The first offset whose record has a timestamp ≥ `time`; `endOffset` if none.
        func firstOffset(atOrAfter time: Int64) -> Int64 {
            var low = 0
            var high = records.count
            while low < high {
                let middle = (low + high) / 2
                if records[middle].timestamp < time { low = middle + 1 } else { high = middle }
            }
            return startOffset + Int64(low)
        }
    }

    private(set) var topics: [String: [Partition]] = [:]
    /// Records kept per partition before the oldest are deleted.
    let retentionPerPartition: Int

    init(topics layout: [(name: String, partitions: Int)], retentionPerPartition: Int) {
        self.retentionPerPartition = retentionPerPartition
        for (name, count) in layout {
            topics[name] = Array(repeating: Partition(), count: count)
        }
    }

    /// Appends a record, assigning its offset; returns that offset.
    @discardableResult
    mutating func append(
        topic: String, partition: Int, timestamp: Int64, key: [UInt8]?, headers: [Header], value: [UInt8]?
    ) -> Int64 {
        let offset = topics[topic]![partition].endOffset
        topics[topic]![partition].records.append(Record(
            topic: topic, partition: partition, offset: .sequence(offset), timestamp: timestamp,
            key: key, headers: headers, value: value))
        if topics[topic]![partition].records.count > retentionPerPartition {
            topics[topic]![partition].records.removeFirst()
            topics[topic]![partition].startOffset += 1
        }
        return offset
    }

    /// One partition's log; the caller names a partition the log has.
    func partition(_ topicPartition: TopicPartition) -> Partition {
        topics[topicPartition.topic]![topicPartition.partition]
    }

    /// Metadata of every topic.
    var metadata: [TopicMetadata] {
        topics.keys.sorted().map { name in
            TopicMetadata(name: name, partitions: topics[name]!.enumerated().map { id, log in
                PartitionMetadata(id: id, startOffset: .sequence(log.startOffset), endOffset: .sequence(log.endOffset))
            })
        }
    }
}
