import EvmonTestSupport
import Testing
import EvmonModel
import EvmonApp

@Suite struct ReduceTests {
    let settings = AppSettings(bufferRecordsPerTopic: 6, lagPollInterval: 2_000, topicRefreshInterval: 5_000)

    func orders(partitions: Int = 3, end: Int64 = 10) -> TopicMetadata {
        TopicMetadata(name: "orders", partitions: (0..<partitions).map {
            PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(end))
        })
    }

    @Test func connectingAsksForTopicsAndLagAtOnce() {
        var state = AppState(brokerURL: "demo://", now: 1_000, settings: settings)
        state.lastError = "connection refused"
        let effects = reduce(&state, .connectionChanged(.connected))
        #expect(effects == [.refreshTopics, .pollLag, .pollBrokerDeadLetters(minimumDeliveries: 3), .checkDeadLetterBlindSpot])
        var expected = AppState(brokerURL: "demo://", now: 1_000, settings: settings)
        expected.connection = .connected
        expected.topicsRequestedAt = 1_000
        expected.lagRequestedAt = 1_000
        #expect(state == expected)
    }

    @Test func losingTheConnectionAsksForNothing() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        let reconnecting = ConnectionState.reconnecting(retryAt: 3_000, reason: "connection reset")
        #expect(reduce(&state, .connectionChanged(reconnecting)).isEmpty)
        #expect(state.connection == reconnecting)
        #expect(reduce(&state, .clockTicked(at: 60_000)).isEmpty)
        #expect(state.now == 60_000)
    }

    @Test func ticksEmitPollsWhenDue() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .connectionChanged(.connected))
        #expect(reduce(&state, .clockTicked(at: 1_999)).isEmpty)
        #expect(reduce(&state, .clockTicked(at: 2_000)) == [.pollLag, .pollBrokerDeadLetters(minimumDeliveries: 3), .checkDeadLetterBlindSpot])
        #expect(reduce(&state, .clockTicked(at: 3_000)).isEmpty)
        #expect(reduce(&state, .clockTicked(at: 5_000)) == [.refreshTopics, .pollLag, .pollBrokerDeadLetters(minimumDeliveries: 3), .checkDeadLetterBlindSpot])
        #expect(state.lagRequestedAt == 5_000)
        #expect(state.topicsRequestedAt == 5_000)
    }

    @Test func timeNeverRunsBackwards() {
        var state = AppState(brokerURL: "demo://", now: 10_000, settings: settings)
        _ = reduce(&state, .clockTicked(at: 4_000))
        #expect(state.now == 10_000)
    }

    @Test func topicsListedCreatesTopicsSplitsBuffersAndMeasuresRates() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .topicsListed([orders(end: 10)], at: 1_000))
        _ = reduce(&state, .topicsListed([orders(end: 20)], at: 2_000))
        let topic = state.topics["orders"]!
        #expect(topic.metadata == orders(end: 20))
        #expect(topic.buffer.partitions.keys.sorted() == [0, 1, 2])
        #expect(topic.buffer.partitions[0]!.capacity == 2)
        // 3 partitions × 10 new messages in one second.
        #expect(topic.rate.current == 30)
        #expect(state.now == 2_000)
    }

    @Test func recordsFetchedFillBuffersStampArrivalsAndCount() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .topicsListed([orders()], at: 0))
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(partition: 1, offsets: 0..<3)))
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(partition: 2, offsets: 5..<6)))
        let topic = state.topics["orders"]!
        #expect(topic.receivedCount == 4)
        #expect(topic.buffer.partitions[1]!.map(\.arrival) == [1, 2])
        #expect(topic.buffer.partitions[2]!.map(\.arrival) == [3])
        #expect(topic.buffer.droppedCount == 1)
        #expect(state.droppedCount == 1)
        #expect(state.ingestedCount == 4)
        #expect(state.nextArrival == 4)
    }

    @Test func recordsOfAnUnlistedTopicAreKeptToo() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "payments", offsets: 0..<2)))
        #expect(state.topics["payments"]?.buffer.count == 2)
        #expect(state.topicNames == ["payments"])
    }

    @Test func anEmptyBatchChangesNothing() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        let before = state
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: [])))
        #expect(state == before)
    }

    @Test func caughtUpPartitionsAreRemembered() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .topicsListed([orders()], at: 0))
        _ = reduce(&state, .partitionCaughtUp(TopicPartition(topic: "orders", partition: 2)))
        #expect(state.topics["orders"]!.caughtUpPartitions == [2])
    }

    @Test func lagPolledBuildsHistoryPerPartition() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        let partition = TopicPartition(topic: "orders", partition: 0)
        func poll(_ committed: Int64?, _ end: Int64, at: Int64) {
            _ = reduce(&state, .lagPolled([ConsumerGroupSnapshot(group: "notifications", state: "Stable", partitions: [
                PartitionOffsets(topicPartition: partition, committed: committed.map(Offset.sequence), end: .sequence(end)),
            ])], at: at))
        }
        poll(nil, 10, at: 1_000)
        #expect(state.groups["notifications"]!.totalLag == nil)
        #expect(state.groups["notifications"]!.partitions[partition]!.health == .unknown)
        poll(5, 12, at: 3_000)
        poll(9, 14, at: 5_000)
        let group = state.groups["notifications"]!
        #expect(group.totalLag == 5)
        #expect(group.polledAt == 5_000)
        #expect(group.brokerState == "Stable")
        #expect(group.partitions[partition]!.trend == [nil, 7, 5])
        #expect(state.now == 5_000)
    }

    @Test func brokerFailuresAreShownUntilReconnected() {
        var state = AppState(brokerURL: "demo://", now: 0, settings: settings)
        _ = reduce(&state, .brokerFailed("cannot reach kafka://127.0.0.1:9092: connection refused"))
        #expect(state.lastError == "cannot reach kafka://127.0.0.1:9092: connection refused")
        _ = reduce(&state, .connectionChanged(.connected))
        #expect(state.lastError == nil)
    }

    @Test func theStoreStampsTicksFromItsClock() {
        let clock = ManualClock(startingAt: 50_000)
        let store = Store(brokerURL: "demo://", clock: clock, settings: settings)
        #expect(store.state.now == 50_000)
        store.send(.connectionChanged(.connected))
        clock.advance(by: 2_500)
        #expect(store.tick() == [.pollLag, .pollBrokerDeadLetters(minimumDeliveries: 3), .checkDeadLetterBlindSpot])
        #expect(store.state.now == 52_500)
    }
}
