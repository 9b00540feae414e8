import EvmonTestSupport
import Testing
import EvmonModel
import EvmonDeadLetters
import EvmonApp

/// `r`, `R` and `e` in the stream and detail panes re-produce an ordinary message through the
/// replay machinery: same topic and partition, a confirmation first, the replay header added.
@Suite struct ReproduceReduceTests {
    let now: Int64 = 1_764_115_300_000

    func streaming(readOnly: String? = nil) -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        state.view.readOnlyReason = readOnly
        let metadata = ["orders", "orders-copy"].map { name in
            TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100)) })
        }
        _ = reduce(&state, .topicsListed(metadata, at: now))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "topic orders" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        let records = (0..<5).map { RecordFixtures.record(topic: "orders", partition: 2, offset: Int64(40 + $0), key: "ord-\($0)", headers: [Header("traceparent", "t\($0)")]) }
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 2), records: records)))
        return state
    }

    @Test func rInTheStreamReProducesTheSelectedMessageToItsPartitionAfterConfirming() {
        var state = streaming()
        _ = reduce(&state, .keyPressed(.character("k")))
        #expect(reduce(&state, .keyPressed(.character("r"))).isEmpty)
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        let plan = plans[0]
        #expect(plan.isReproduction)
        #expect(plan.source == DeadLetterID(topic: "orders", partition: 2, offset: .sequence(43)))
        #expect(plan.route == .originalPartition(2))
        #expect(plan.message.key == Array("ord-3".utf8))
        #expect(plan.message.headers.first == Header("traceparent", "t3"))
        #expect(plan.message.headers.contains(Header("evmon-replay-of", "orders/2/43")))
        #expect(reduce(&state, .keyPressed(.character("y"))) == [.replay(plans, perSecond: 10)])
    }

    @Test func fromTheDetailPaneAndToAnotherTopic() {
        var state = streaming()
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.focus == .detail)
        _ = reduce(&state, .keyPressed(.character("R")))
        for character in "orders-copy" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans[0].message.topic == "orders-copy")
        #expect(plans[0].source.offset == .sequence(44))
    }

    @Test func readOnlyRefusesHereToo() {
        var state = streaming(readOnly: "profile 'prod' has read_only: true")
        #expect(reduce(&state, .keyPressed(.character("r"))).isEmpty)
        #expect(state.view.overlay == nil)
        #expect(state.view.notice?.text == "read-only (profile 'prod' has read_only: true): replays are disabled")
    }
}
