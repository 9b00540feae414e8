import DequeModule
import EvmonModel

/// The demo broker's storage: topics of partitions of records, with Kafka-like offsets and
/// retention by count and by bytes (dead letters carry kilobytes of stack trace each), so memory
/// stays bounded however long and however fast the demo runs.
struct DemoLog: Sendable {
    /// One partition: records in offset order, the first at `startOffset`.
    struct Partition: Sendable {
        var startOffset: Int64 = 0
        var records: Deque<Record> = []
        /// Payload bytes held (keys, values, headers).
        var byteCount = 0

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
    /// Payload bytes kept per partition before the oldest are deleted.
    let retentionBytesPerPartition: Int

    init(topics layout: [(name: String, partitions: Int)], retentionPerPartition: Int, retentionBytesPerPartition: Int = 16 << 20) {
        self.retentionPerPartition = retentionPerPartition
        self.retentionBytesPerPartition = retentionBytesPerPartition
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
        let record = Record(
            topic: topic, partition: partition, offset: .sequence(offset), timestamp: timestamp,
            key: key, headers: headers, value: value)
        topics[topic]![partition].records.append(record)
        topics[topic]![partition].byteCount += record.payloadByteCount
        while topics[topic]![partition].records.count > retentionPerPartition
            || topics[topic]![partition].byteCount > retentionBytesPerPartition {
            let deleted = topics[topic]![partition].records.removeFirst()
            topics[topic]![partition].byteCount -= deleted.payloadByteCount
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
