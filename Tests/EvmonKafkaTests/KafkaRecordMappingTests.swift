import KafkaWire
import Testing
import EvmonModel
@testable import EvmonKafka

/// `KafkaWire` knows nothing of the model: the adapter places its records in their topic and
/// partition, every field carried over as the batch held it.
struct KafkaRecordMappingTests {
    @Test func aBatchRecordBecomesTheModelsRecordInItsPartition() {
        let decoded = KafkaRecord(
            offset: 42, timestamp: 1_005, key: [0xff, 0x00], value: Array("v".utf8),
            headers: [.init(name: "h", value: [1]), .init(name: "h", value: nil), .init(name: "\u{FFFD}", value: [])])
        #expect(Record(decoded, topic: "orders", partition: 2) == Record(
            topic: "orders", partition: 2, offset: .sequence(42), timestamp: 1_005, key: [0xff, 0x00],
            headers: [Header(name: "h", value: [1]), Header(name: "h", value: nil), Header(name: "\u{FFFD}", value: [])],
            value: Array("v".utf8)))
    }

    @Test func absentKeyValueAndHeadersStayAbsent() {
        let record = Record(KafkaRecord(offset: 0, timestamp: -1, key: nil, value: nil), topic: "t", partition: 0)
        #expect(record.key == nil && record.value == nil && record.headers.isEmpty)
        #expect(record.offset == .sequence(0) && record.timestamp == -1)
    }
}
