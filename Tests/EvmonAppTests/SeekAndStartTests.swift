import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

/// `:seek` lands the cursor on the first message at the position and says so; `evmon ui TOPIC…
/// --from POS` streams those topics from there.
@Suite struct SeekAndStartTests {
    let now: Int64 = 1_764_115_300_000

    func metadata(_ names: [String]) -> [TopicMetadata] {
        names.map { name in
            TopicMetadata(name: name, partitions: (0..<2).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(50)) })
        }
    }

    /// Orders streamed with 40 records in each of its 2 partitions, at 120×30.
    func streamingState() -> AppState {
        var state = AppState(brokerURL: "test://", now: now)
        _ = reduce(&state, .terminalResized(width: 120, height: 30))
        _ = reduce(&state, .topicsListed(metadata(["orders"]), at: now))
        for partition in 0..<2 {
            _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", partition: partition, offsets: 10..<50)))
        }
        return state
    }

    func run(_ command: String, in state: inout AppState) -> [Effect] {
        var effects = reduce(&state, .keyPressed(.character(":")))
        for character in command { effects += reduce(&state, .keyPressed(.character(character))) }
        return effects + reduce(&state, .keyPressed(.enter))
    }

    func selected(_ state: AppState) -> Record? {
        state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) }.flatMap { state.record($0)?.record }
    }

    @Test func aSeekLandsOnTheFirstMessageAndKeepsTheCursorThereWhileMoreArrive() {
        var state = streamingState()
        let effects = run("seek -5m", in: &state)
        #expect(effects == [.tail(topics: ["orders"], from: .timestamp(now - 300_000))])
        #expect(state.view.notice?.text == "seeking orders to -5m…")
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", partition: 1, offsets: 20..<30)))
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", partition: 0, offsets: 25..<50)))
        #expect(!state.view.stream.isFollowing, "a seek does not go back to following the newest")
        #expect(selected(state)?.partition == 1)
        #expect(selected(state)?.offset == .sequence(20))
        #expect(state.view.stream.visibleRowNumbers.contains(state.view.stream.selectedRowNumber!))
        let notice = state.view.notice?.text ?? ""
        #expect(notice.hasPrefix("-5m: on the first message, orders/1@20"), "\(notice)")
        #expect(!notice.contains("seeking"), "the seeking notice ends when the seek did")
        #expect(state.view.seek == nil)
    }

    @Test func aSeekThatFindsNothingSaysSoOnceEveryPartitionIsRead() {
        var state = streamingState()
        _ = run("seek latest", in: &state)
        _ = reduce(&state, .partitionCaughtUp(TopicPartition(topic: "orders", partition: 0)))
        #expect(state.view.notice?.text.hasPrefix("seeking") == true, "one partition is still being read")
        _ = reduce(&state, .partitionCaughtUp(TopicPartition(topic: "orders", partition: 1)))
        #expect(state.view.notice?.text == "latest: no message in orders from there; new ones will show here")
        #expect(state.view.seek == nil)
    }

    @Test func followingBeforeTheFirstMessageArrivesKeepsFollowing() {
        var state = streamingState()
        _ = run("seek earliest", in: &state)
        _ = reduce(&state, .keyPressed(.character("G")))
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", partition: 0, offsets: 0..<5)))
        #expect(state.view.stream.isFollowing)
        #expect(state.view.seek == nil)
    }

    @Test func topicsAndAStartGivenOnTheCommandLineAreStreamedFromThere() {
        var settings = AppSettings()
        settings.initialTopics = ["payments", "nope"]
        settings.initialStart = .earliest
        var state = AppState(brokerURL: "test://", now: now, settings: settings)
        let effects = reduce(&state, .topicsListed(metadata(["inventory", "orders", "payments"]), at: now))
        #expect(state.view.stream.topics == ["payments"])
        #expect(effects.first == .tail(topics: ["payments"], from: .earliest))
        #expect(state.view.notice?.isError == true)
        #expect(state.view.notice?.text.hasPrefix("unknown topic nope") == true)
    }
}
