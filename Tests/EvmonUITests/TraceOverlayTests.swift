import EvmonTestSupport
import Testing
import EvmonModel
import EvmonTrace
import EvmonApp
@testable import EvmonUI

/// The trace view shows what a hostile message holds escaped, like every other pane, and says
/// how far into its window each topic's search has read.
@Suite struct TraceOverlayTests {
    func state(with records: [Record]) -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: 1_764_115_300_000)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 140; view.height = 30; return view }()))
        let metadata = [TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(10))])]
        _ = reduce(&state, .topicsListed(metadata, at: state.now))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "topic orders" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: records)))
        return state
    }

    @Test func hostileKeysAndTypesAreShownEscaped() throws {
        let hostile = RecordFixtures.record(
            topic: "orders", partition: 0, offset: 0, timestamp: 1_764_115_290_000, key: "\u{1B}[2J\u{07}o-1",
            value: #"{"event_type":"\u001b]52;c;QUFB\u0007","order_id":"o-1"}"#)
        var state = state(with: [hostile])
        _ = reduce(&state, .keyPressed(.character("t")))
        let trace = try #require(state.view.trace)
        #expect(trace.matcher.value == "o-1")
        let screen = ScreenRenderer.render(state).textDump()
        #expect(!screen.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character reaches the screen")
        #expect(screen.contains("Trace o-1 · 1 message"))
        #expect(screen.contains("[2J"), "the key is there, escaped")
    }

    @Test func aTopicBeingSearchedShowsHowMuchOfTheWindowItHasRead() throws {
        var state = state(with: [RecordFixtures.record(topic: "orders", offset: 0, timestamp: 1_764_115_290_000, key: "o-1")])
        _ = reduce(&state, .keyPressed(.character("t")))
        let id = try #require(state.view.trace?.searchID)
        _ = reduce(&state, .traceSearched(searchID: id, found: [], progress: TraceSearch.Progress(topic: "orders", scanned: 120, isDone: false, windowRead: 0.4)))
        _ = reduce(&state, .traceSearched(searchID: id, found: [], progress: TraceSearch.Progress(topic: "orders-dlt", scanned: 12_400, isDone: true)))
        let screen = ScreenRenderer.render(state).textDump()
        #expect(screen.contains("searching ±10m by key, traceparent, .order_id, …: orders 40 % · orders-dlt ✓ 12.4k"), "\(screen)")
    }
}
