import EvmonModel

/// Small record builders for tests.
public enum RecordFixtures {
    /// A record with a UTF-8 key and value.
    public static func record(
        topic: String = "orders", partition: Int = 0, offset: Int64, timestamp: Int64 = 1_764_115_200_000,
        key: String? = "k", value: String? = "v", headers: [Header] = []
    ) -> Record {
        Record(
            topic: topic, partition: partition, offset: .sequence(offset), timestamp: timestamp,
            key: key.map { Array($0.utf8) }, headers: headers, value: value.map { Array($0.utf8) })
    }

    /// `count` records of one partition with consecutive offsets from `first`.
    public static func batch(topic: String = "orders", partition: Int = 0, offsets: Range<Int64>, valueSize: Int = 10) -> RecordBatch {
        RecordBatch(
            topicPartition: TopicPartition(topic: topic, partition: partition),
            records: offsets.map {
                record(topic: topic, partition: partition, offset: $0, value: String(repeating: "x", count: valueSize))
            })
    }
}
