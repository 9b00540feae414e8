import EvmonUI
import Testing
import EvmonModel
import EvmonApp

/// A partition a tail gave up stays marked in the topics pane, while the rest keeps streaming.
@Suite struct FailedPartitionTests {
    let now: Int64 = 1_764_115_300_000

    func state() -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 120; view.height = 30; return view }()))
        let metadata = ["orders", "payments"].map {
            TopicMetadata(name: $0, partitions: [0, 1].map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(9)) })
        }
        _ = reduce(&state, .topicsListed(metadata, at: now))
        return state
    }

    @Test func aFailedPartitionMarksItsTopicAndSaysWhy() {
        var state = state()
        _ = reduce(&state, .partitionFailed(TopicPartition(topic: "orders", partition: 1), reason: "the topic no longer exists (deleted while it was read)"))
        #expect(state.topics["orders"]?.failedPartitions == [1: "the topic no longer exists (deleted while it was read)"])
        #expect(state.topics["payments"]?.failedPartitions.isEmpty == true)
        #expect(state.view.notice?.isError == true)
        #expect(state.view.notice?.text.contains("orders/1: the topic no longer exists") == true)
        let lines = ScreenRenderer.render(state).textDump().split(separator: "\n")
        #expect(lines.contains { $0.contains("✗ orders") }, "\(lines.prefix(6))")
        #expect(lines.contains { $0.contains("payments") && !$0.contains("✗") })
    }

    /// `:seek` tails the streamed topics again, which gives the failed partition a new chance.
    @Test func seekingAgainClearsTheMark() {
        var state = state()
        #expect(state.view.stream.topics == ["orders", "payments"])
        _ = reduce(&state, .partitionFailed(TopicPartition(topic: "payments", partition: 0), reason: "no progress"))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "seek earliest" { _ = reduce(&state, .keyPressed(.character(character))) }
        let effects = reduce(&state, .keyPressed(.enter))
        #expect(effects.contains(.tail(topics: ["orders", "payments"], from: .earliest)))
        #expect(state.topics["payments"]?.failedPartitions.isEmpty == true)
    }
}
