import EvmonTestSupport
import Foundation
import Testing
import EvmonModel
import EvmonBrokers

/// The adapter's Produce (for replays), read back with `evmon tail`.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaProduceTests {
    @Test func producedMessagesLandWhereTheAdapterSaysWithKeysAndHeaders() async throws {
        let topic = KafkaTestBroker.uniqueTopic("produce")
        try await KafkaTestBroker.produce([.init(partition: 0, key: nil, value: Array("seed".utf8))], topic: topic, createPartitions: 3, oneByOne: true)
        let parts = try KafkaTestBroker.bootstrap().split(separator: ":")
        let adapter = try BrokerFactory.open(.kafka(hosts: [.init(host: String(parts[0]), port: Int(parts[1])!)], tls: nil, sasl: nil))
        let explicit = try await adapter.produce(OutgoingMessage(
            topic: topic, partition: 2, key: [0xff, 0x01], headers: [Header("replayed-by", "evmon"), Header(name: "bin", value: [0, 0xfe])],
            value: Array("again".utf8)))
        #expect(explicit.topicPartition == TopicPartition(topic: topic, partition: 2))
        #expect(explicit.offset == .sequence(0))
        let keyed = try await adapter.produce(OutgoingMessage(topic: topic, key: Array("order-42".utf8), value: Array("keyed".utf8)))
        #expect(keyed.topicPartition.partition == Murmur2Partitioner.partition(forKey: Array("order-42".utf8), partitionCount: 3))
        await #expect(throws: EvmonError.self) {
            try await adapter.produce(OutgoingMessage(topic: topic, partition: 7, key: nil, value: nil))
        }
        await adapter.shutdown()

        let outcome = try await KafkaTestBroker.evmon(["tail", topic, "--from", "earliest", "-e", "--format", "json", "--partition", "2"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let records = try outcome.lines.map(TailedRecord.init(line:))
        let replayed = try #require(records.first { $0.offset == 0 })
        #expect(replayed.key == [0xff, 0x01])
        #expect(replayed.value == Array("again".utf8))
        #expect(replayed.headers == [.init(name: "replayed-by", value: Array("evmon".utf8)), .init(name: "bin", value: [0, 0xfe])])
    }
}
