import Testing
import EvmonApp
import EvmonModel
import EvmonTestSupport

@Suite struct RateHistoryTests {
    @Test func measuresMessagesPerSecondBetweenObservations() {
        var rate = RateHistory(capacity: 3)
        rate.observe(total: 100, at: 0)
        #expect(rate.current == 0)
        rate.observe(total: 300, at: 2_000)
        #expect(rate.current == 100)
        rate.observe(total: 350, at: 2_500)
        #expect(rate.current == 100)
        rate.observe(total: 350, at: 3_500)
        #expect(rate.current == 0)
    }

    @Test func aShrinkingTotalIsNoTrafficNotNegative() {
        var rate = RateHistory()
        rate.observe(total: 500, at: 0)
        rate.observe(total: 10, at: 1_000)
        #expect(rate.current == 0)
    }

    @Test func keepsABoundedHistory() {
        var rate = RateHistory(capacity: 3)
        for second in 0..<10 { rate.observe(total: Int64(second * second), at: Int64(second) * 1_000) }
        #expect(rate.samples.map(\.messagesPerSecond) == [13, 15, 17])
    }

    @Test func sameTimeObservationsAreIgnored() {
        var rate = RateHistory()
        rate.observe(total: 1, at: 1_000)
        rate.observe(total: 5, at: 1_000)
        #expect(rate.samples.isEmpty)
    }
}

/// The status bar's one rate: evmon's intake while a streamed partition is still catching up,
/// the broker's write rate once all have reached their ends.
@Suite struct StatusRateTests {
    let now: Int64 = 1_764_115_300_000

    func metadata(total: Int64) -> TopicMetadata {
        TopicMetadata(name: "orders", partitions: (0..<2).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(total / 2)) })
    }

    @Test func intakeWhileCatchingUpThenTheBrokersRate() {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .topicsListed([metadata(total: 1_000)], at: now))
        #expect(state.view.stream.topics == ["orders"])
        _ = reduce(&state, .clockTicked(at: now + 500))
        let records = (0..<400).map { RecordFixtures.record(topic: "orders", offset: Int64($0), timestamp: now, key: "k", value: "{}") }
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: records)))
        _ = reduce(&state, .clockTicked(at: now + 1_000))
        #expect(state.statusRate == .catchingUp(messagesPerSecond: 800))

        // One partition at its end is not enough; a failed one counts as done.
        _ = reduce(&state, .partitionCaughtUp(TopicPartition(topic: "orders", partition: 0)))
        #expect(state.isCatchingUp)
        _ = reduce(&state, .partitionFailed(TopicPartition(topic: "orders", partition: 1), reason: "corrupt"))
        #expect(!state.isCatchingUp)
        // The broker's rate comes from its counts: 1,000 more messages in 2 s.
        _ = reduce(&state, .topicsListed([metadata(total: 3_000)], at: now + 2_000))
        #expect(state.statusRate == .broker(messagesPerSecond: 1_000))
    }
}
