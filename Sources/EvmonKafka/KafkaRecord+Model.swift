import KafkaWire
import EvmonModel

extension Record {
    /// A batch's record as the model shows it, placed in its topic and partition. The key, value
    /// and header arrays move over; no byte is copied.
    init(_ record: consuming KafkaRecord, topic: String, partition: Int) {
        self.init(
            topic: topic, partition: partition, offset: .sequence(record.offset), timestamp: record.timestamp, key: record.key,
            headers: record.headers.isEmpty ? [] : record.headers.map { Header(name: $0.name, value: $0.value) }, value: record.value)
    }
}
