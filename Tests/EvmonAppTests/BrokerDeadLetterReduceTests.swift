import EvmonTestSupport
import Testing
import EvmonModel
import EvmonDeadLetters
import EvmonApp

/// Dead letters the broker itself reports (Redis pending entries, NATS advisories) in the DLQ pane.
@Suite struct BrokerDeadLetterReduceTests {
    let now: Int64 = 1_764_115_300_000

    func poison(_ sequence: UInt64, deliveries: Int = 4) -> BrokerDeadLetter {
        let record = Record(
            topic: "orders", partition: 0, offset: .streamID(milliseconds: UInt64(now) - 9_000, sequence: sequence),
            timestamp: now - 9_000, key: nil, headers: [Header("data", #"{"id":\#(sequence)}"#)], value: Array(#"{"id":\#(sequence)}"#.utf8))
        return BrokerDeadLetter(
            record: record, convention: "redis-pending",
            reason: "delivered \(deliveries) times to group billing (consumer worker-1), never acknowledged", consumer: "billing/worker-1")
    }

    func connectedState() -> AppState {
        var state = AppState(brokerURL: "redis://r:6379", now: now)
        let stream = TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: nil, endOffset: nil, reportedMessageCount: 3)])
        _ = reduce(&state, .topicsListed([stream], at: now))
        return state
    }

    @Test func theyArePolledWithTheLagAtTheConfiguredThreshold() {
        var settings = AppSettings()
        settings.deadLetters.poisonDeliveries = 5
        var state = AppState(brokerURL: "redis://r:6379", now: now, settings: settings)
        let effects = reduce(&state, .connectionChanged(.connected))
        #expect(effects.contains(.pollBrokerDeadLetters(minimumDeliveries: 5)))
    }

    @Test func eachIsListedOnceUnderItsReason() {
        var state = connectedState()
        _ = reduce(&state, .brokerDeadLettersPolled([poison(0), poison(1, deliveries: 7)]))
        _ = reduce(&state, .brokerDeadLettersPolled([poison(0), poison(1, deliveries: 7), poison(2)]))
        #expect(state.deadLetters.count == 3, "a poll repeating known ones adds only the new one")
        #expect(state.deadLetterGroups.count == 1, "delivery counts are masked: one reason")
        let entry = state.deadLetters.first { $0.offset == .streamID(milliseconds: UInt64(now) - 9_000, sequence: 1) }
        #expect(entry?.originalTopic == "orders")
        #expect(entry?.originalOffset == .streamID(milliseconds: UInt64(now) - 9_000, sequence: 1))
        #expect(entry?.convention == "redis-pending")
        #expect(entry?.originDescription == "orders/0@\(UInt64(now) - 9_000)-1")
    }

    @Test func onesInADeadLetterTopicAreListedAsThatTopicsMessages() {
        var state = connectedState()
        var pending = poison(0)
        pending.record.topic = "orders:dlq"
        _ = reduce(&state, .brokerDeadLettersPolled([pending]))
        #expect(state.deadLetters.isEmpty)
    }

    @Test func openingOneFetchesItAndExplainsIt() {
        var state = connectedState()
        let letter = poison(0)
        _ = reduce(&state, .brokerDeadLettersPolled([letter]))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.down))
        let effects = reduce(&state, .keyPressed(.enter))
        #expect(effects == [.fetchRecord(TopicPartition(topic: "orders", partition: 0), letter.record.offset)])
        _ = reduce(&state, .recordOpened(letter.record))
        #expect(state.view.detail?.deadLetter?.convention == "redis-pending")
        let text = state.view.detail?.document.lines.map { $0.map(\.text).joined() } ?? []
        #expect(text.contains { $0.contains("delivered 4 times to group billing") })
    }

    @Test func oneWhoseStreamIsBufferedIsReplayedWithoutAFetch() {
        var state = connectedState()
        let letter = poison(0)
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: [letter.record])))
        _ = reduce(&state, .brokerDeadLettersPolled([letter]))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.down))
        #expect(reduce(&state, .keyPressed(.character("r"))).isEmpty, "planned from the buffer")
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(!plans[0].isReproduction, "a dead letter's replay, not a re-produce")
        state.view.overlay = nil
        #expect(reduce(&state, .keyPressed(.enter)).isEmpty, "opened from the buffer")
        #expect(state.view.detail?.deadLetter?.convention == "redis-pending")
    }

    @Test func replayingOneWritesItBackToItsOwnStream() throws {
        var state = connectedState()
        let letter = poison(0)
        _ = reduce(&state, .brokerDeadLettersPolled([letter]))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.down))
        let request = ReplayRequest(ids: [DeadLetterID(topic: "orders", partition: 0, offset: letter.record.offset)])
        #expect(reduce(&state, .keyPressed(.character("r"))) == [.fetchForReplay(request)])
        _ = reduce(&state, .replaySourcesFetched([letter.record], request))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans[0].message.topic == "orders")
        #expect(plans[0].message.partition == 0)
        #expect(plans[0].message.headers.first == Header("data", #"{"id":0}"#), "the entry's fields go back as they were")
        #expect(plans[0].message.headers.contains { $0.name == "evmon-replay-of" })
    }
}
