import EvmonTestSupport
import EvmonUI
import Testing
import EvmonModel
import EvmonApp

/// The DLQ pane and the replay confirmation with hostile dead letters: whatever a producer put
/// in a reason, key or header name reaches the screen escaped.
@Suite struct DeadLetterPaneTests {
    let now: Int64 = 1_764_115_300_000

    func state(reason: String, key: String) -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 160; view.height = 40; return view }()))
        let metadata = ["orders", "orders-dlt"].map { TopicMetadata(name: $0, partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(9))]) }
        _ = reduce(&state, .topicsListed(metadata, at: now))
        let record = RecordFixtures.record(topic: "orders-dlt", offset: 4, timestamp: now - 5_000, key: key, value: "{}", headers: [
            Header("kafka_dlt-original-topic", "orders"),
            Header("kafka_dlt-exception-message", reason),
            Header("x-\u{1b}[2J", "v"),
        ])
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: [record])))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.character("z")))
        return state
    }

    @Test func reasonsAndKeysAreShownEscaped() {
        var state = state(reason: "boom \u{1b}]0;pwned\u{07} \u{202e}gnp.exe", key: "k\u{1b}[31m")
        var text = ScreenRenderer.render(state).textDump()
        #expect(!text.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{07}" || $0 == "\u{202e}" })
        #expect(text.contains(#"boom \x1b]0;pwned\x07 \u202egnp.exe"#))
        #expect(text.contains(#"k\x1b[31m"#))
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.character("r")))
        text = ScreenRenderer.render(state).textDump()
        #expect(text.contains("Replay this dead letter?"))
        #expect(text.contains(#"x-\x1b[2J"#), "a hostile header name in the confirmation is escaped too")
        #expect(!text.unicodeScalars.contains { $0 == "\u{1b}" })
    }

    @Test func replayedMessagesAreMarkedInTheStream() {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 120; view.height = 30; return view }()))
        _ = reduce(&state, .topicsListed([TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(2))])], at: now))
        let original = RecordFixtures.record(offset: 0, key: "first", value: "{}")
        let replayed = RecordFixtures.record(offset: 1, key: "again", value: "{}", headers: [Header("evmon-replay-of", "orders-dlt/0/4")])
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: [original, replayed])))
        let rows = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(rows.contains { $0.contains("again") && $0.contains("↻ {}") })
        #expect(rows.contains { $0.contains("first") && !$0.contains("↻") })
    }
}

/// The lag pane with Redis Streams groups: entry ids are offsets too, and wider.
@Suite struct RedisLagPaneTests {
    let now: Int64 = 1_764_115_300_000

    @Test func entryIdsAreShownWholeAndUnknownLagAsADash() {
        var state = AppState(brokerURL: "redis://r:6379", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 120; view.height = 30; return view }()))
        let stream = TopicPartition(topic: "orders", partition: 0)
        let end = Offset.streamID(milliseconds: 1_764_115_299_000, sequence: 12)
        let groups = [
            ConsumerGroupSnapshot(group: "billing", state: "2 consumers, 5 pending", partitions: [
                PartitionOffsets(topicPartition: stream, committed: .streamID(milliseconds: 1_764_115_290_000, sequence: 3), end: end, reportedLag: 42),
            ]),
            ConsumerGroupSnapshot(group: "audit", partitions: [PartitionOffsets(topicPartition: stream, committed: nil, end: end, reportedLag: nil)]),
        ]
        _ = reduce(&state, .lagPolled(groups, at: now))
        _ = reduce(&state, .keyPressed(.character("4")))
        _ = reduce(&state, .keyPressed(.character("z")))
        let rows = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(rows.contains { $0.contains("billing (2 consumers, 5 pending)") })
        #expect(rows.contains { $0.contains("orders/0") && $0.contains("1764115290000-3") && $0.contains("1764115299000-12") && $0.contains("42") })
        #expect(rows.contains { $0.contains("orders/0") && $0.contains("—") && !$0.contains("1764115290000-3") }, "no committed id, lag unknown")
    }
}

/// The stream pane with Redis Streams entries: ids for offsets, no keys.
@Suite struct RedisStreamPaneTests {
    @Test func entryIdsTakeTheKeyColumnsRoom() {
        let now: Int64 = 1_764_115_300_000
        var state = AppState(brokerURL: "redis://r:6379", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 120; view.height = 30; return view }()))
        _ = reduce(&state, .topicsListed([TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: nil, endOffset: nil, reportedMessageCount: 1)])], at: now))
        let entry = Record(
            topic: "orders", partition: 0, offset: .streamID(milliseconds: UInt64(now), sequence: 17), timestamp: now,
            key: nil, headers: [Header("data", #"{"id":7}"#)], value: Array(#"{"id":7}"#.utf8))
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: [entry])))
        let rows = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(rows.contains { $0.contains("OFFSET") && !$0.contains("KEY") })
        #expect(rows.contains { $0.contains("1764115300000-17") && $0.contains(#"{"id":7}"#) })
    }
}

/// The DLQ pane says what the broker's own reports cannot see, so a quiet pane is not misread.
@Suite struct DeadLetterBlindSpotTests {
    @Test func theBlindSpotStaysOnTheLastRowEmptyOrNot() {
        let now: Int64 = 1_764_115_300_000
        var state = AppState(brokerURL: "nats://n:4222", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 120; view.height = 30; return view }()))
        _ = reduce(&state, .deadLetterBlindSpotChecked("no stream captures JetStream's consumer advisories"))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.character("z")))
        var rows = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(rows.contains { $0.contains("no dead-letter topics") })
        #expect(rows.contains { $0.contains("⚠ no stream captures JetStream's consumer advisories") })
        let record = Record(topic: "ORDERS", partition: 0, offset: .sequence(3), timestamp: now - 1_000, key: Array("orders.created".utf8), value: Array("{}".utf8))
        _ = reduce(&state, .brokerDeadLettersPolled([BrokerDeadLetter(record: record, convention: "nats-terminated", reason: "terminated by consumer worker")]))
        rows = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(rows.contains { $0.contains("terminated by consumer worker") })
        #expect(rows.contains { $0.contains("⚠ no stream captures") })
        _ = reduce(&state, .deadLetterBlindSpotChecked(nil))
        #expect(!ScreenRenderer.render(state).textDump().contains("⚠"), "a stream keeps them now")
    }
}
