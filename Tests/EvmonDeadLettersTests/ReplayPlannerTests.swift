import EvmonTestSupport
import Testing
import EvmonModel
import EvmonDeadLetters

@Suite struct ReplayPlannerTests {
    let now: Int64 = 1_764_115_260_000

    func springDeadLetter(partition: [UInt8] = [0, 0, 0, 2], key: String? = "order-7") -> (Record, DeadLetterEntry) {
        let record = RecordFixtures.record(topic: "orders-dlt", partition: 1, offset: 17, key: key, value: #"{"id":7}"#, headers: [
            Header("traceparent", "00-abc-01"),
            Header("kafka_dlt-original-topic", "orders"),
            Header(name: "kafka_dlt-original-partition", value: partition),
            Header(name: "kafka_dlt-original-offset", value: [0, 0, 0, 0, 0, 0, 0, 42]),
            Header("kafka_dlt-exception-fqcn", "com.example.OutOfStock"),
            Header("source_system", "checkout"),
            Header(DeadLetterHeaders.replayOf, "orders-dlt/1/3"),
        ])
        let entry = DeadLetterRecognizer.standard.entry(for: record, reference: RecordRef(topic: "orders-dlt", partition: 1, arrival: 0))
        return (record, entry)
    }

    @Test func goesBackToTheOriginalPartitionWithTheOriginalKeyValueAndHeaders() throws {
        let (record, entry) = springDeadLetter()
        let plan = try ReplayPlanner.plan(record, entry: entry, partitionCount: 3, at: now)
        #expect(plan.source == DeadLetterID(topic: "orders-dlt", partition: 1, offset: .sequence(17)))
        #expect(plan.route == .originalPartition(2))
        #expect(plan.message.topic == "orders")
        #expect(plan.message.partition == 2)
        #expect(plan.message.key == Array("order-7".utf8))
        #expect(plan.message.value == Array(#"{"id":7}"#.utf8))
        // The DLQ's headers and the earlier replay's go; the application's stay, in order.
        #expect(plan.message.headers == [
            Header("traceparent", "00-abc-01"), Header("source_system", "checkout"),
            Header("evmon-replay-of", "orders-dlt/1/17"), Header("evmon-replay-at", "2025-11-26T00:01:00.000Z"),
        ])
        #expect(plan.warnings.isEmpty)
        #expect(!plan.edited)
    }

    @Test func withoutAUsablePartitionTheKeyDecidesAsTheJavaClientWould() throws {
        let (record, entry) = springDeadLetter(partition: [0, 0, 0, 9])
        let plan = try ReplayPlanner.plan(record, entry: entry, partitionCount: 3, at: now)
        #expect(plan.route == .keyHash(Murmur2Partitioner.partition(forKey: Array("order-7".utf8), partitionCount: 3)))
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings[0].contains("no partition 9"))
        // Another topic: the original partition number means nothing there.
        let elsewhere = try ReplayPlanner.plan(record, entry: entry, to: "orders-replay", partitionCount: 6, at: now)
        #expect(elsewhere.route == .keyHash(Murmur2Partitioner.partition(forKey: Array("order-7".utf8), partitionCount: 6)))
        #expect(elsewhere.message.topic == "orders-replay")
        #expect(elsewhere.warnings.isEmpty)
        let (unkeyed, unkeyedEntry) = springDeadLetter(partition: [0, 0, 0, 9], key: nil)
        #expect(try ReplayPlanner.plan(unkeyed, entry: unkeyedEntry, partitionCount: 3, at: now).route == .producerChoice)
    }

    @Test func anUnknownOriginNeedsATarget() throws {
        let record = RecordFixtures.record(topic: "graveyard", offset: 1)
        let entry = DeadLetterRecognizer.standard.entry(for: record, reference: RecordRef(topic: "graveyard", partition: 0, arrival: 0))
        #expect(throws: EvmonError.self) { try ReplayPlanner.plan(record, entry: entry, partitionCount: 1, at: now) }
        let plan = try ReplayPlanner.plan(record, entry: entry, to: "orders", partitionCount: 3, at: now)
        #expect(plan.message.topic == "orders")
    }

    @Test func earlierReplaysWarnOfDuplicates() throws {
        let (record, entry) = springDeadLetter()
        var history = ReplayHistory()
        history.finished(entry.id, .unknown("Produce request timed out"), at: now - 1_000)
        let afterUnknown = try ReplayPlanner.plan(record, entry: entry, partitionCount: 3, mark: history[entry.id], at: now)
        #expect(afterUnknown.warnings == [
            "an earlier replay at 2025-11-26T00:00:59.000Z got no answer and may have been written: replaying again may duplicate it",
        ])
        history.finished(entry.id, .replayed(ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 2), offset: .sequence(99))), at: now)
        let afterReplay = try ReplayPlanner.plan(record, entry: entry, partitionCount: 3, mark: history[entry.id], at: now)
        #expect(afterReplay.warnings.first?.contains("already replayed") == true)
        #expect(afterReplay.warnings.first?.contains("orders/2@99") == true)
    }

    @Test func editingChangesOnlyTheValue() throws {
        let (record, entry) = springDeadLetter()
        let plan = try ReplayPlanner.plan(record, entry: entry, partitionCount: 3, at: now)
        let edited = plan.withValue(Array(#"{"id":8}"#.utf8))
        #expect(edited.edited)
        #expect(edited.message.value == Array(#"{"id":8}"#.utf8))
        #expect(edited.message.headers == plan.message.headers)
        #expect(!plan.withValue(plan.message.value!).edited, "saving without changes is not an edit")
    }
}
