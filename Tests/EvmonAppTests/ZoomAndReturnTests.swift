@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonWatches
@testable import EvmonApp

/// Zooming by any path keeps the stream's viewport as tall as its pane; Enter on a watch shows
/// its offender in detail; Esc from a detail goes back where it was opened.
@Suite struct ZoomAndReturnTests {
    /// Orders (3 partitions, 40 records each) streamed, a DLT with two dead letters, at 120×30.
    func state() -> AppState {
        var monitor = MonitorFixture()
        monitor.list(["orders", "orders-dlt"], partitions: 3, count: 40)
        for partition in 0..<3 {
            monitor.read(RecordFixtures.batch(topic: "orders", partition: partition, offsets: 0..<40).records, topic: "orders", partition: partition)
        }
        let headers = [Header("kafka_dlt-original-topic", "orders"), Header("kafka_dlt-exception-message", "out of stock")]
        monitor.read((0..<2).map { RecordFixtures.record(topic: "orders-dlt", offset: Int64($0), key: "k", value: "{}", headers: headers) }, topic: "orders-dlt")
        return monitor.state
    }

    /// A watch whose latest failure is orders/1@7.
    func failingWatch(offset: Int64 = 7) -> WatchResult {
        var result = WatchResult(name: "amount is positive", kind: "require")
        result.status = .fail
        result.fail(Violation(topic: "orders", partition: 1, offset: .sequence(offset), why: "amount <= 0"))
        return result
    }

    func press(_ keys: Key..., in state: inout AppState) {
        for key in keys { _ = reduce(&state, .keyPressed(key)) }
    }

    /// The stream's viewport fills its pane: the pane's content rows minus the header row.
    func expectViewportFillsPane(_ state: AppState, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = state.view.layout.contentHeight(of: .stream) - 1
        #expect(expected > 1, sourceLocation: sourceLocation)
        #expect(state.view.stream.viewportHeight == expected, sourceLocation: sourceLocation)
    }

    @Test func enterOnAWatchInTheZoomedWatchesPaneZoomsAFullStream() {
        var state = state()
        _ = reduce(&state, .watchResultsUpdated([failingWatch()]))
        press(.character("6"), .character("z"), .enter, in: &state)
        #expect(state.view.zoomed == .stream)
        expectViewportFillsPane(state)
        press(.character("j"), in: &state)
        expectViewportFillsPane(state)
        #expect(state.view.stream.visibleRowNumbers.count == state.view.stream.viewportHeight)
    }

    @Test func escFromADeadLetterOpenedInTheZoomedDLQGoesBackToTheDLQ() {
        var state = state()
        press(.character("5"), .character("z"), .down, .enter, in: &state)
        #expect(state.view.zoomed == .detail)
        #expect(state.view.detail?.record.topic == "orders-dlt")
        press(.escape, in: &state)
        #expect(state.view.focus == .dlq)
        #expect(state.view.zoomed == .dlq)
        press(.character("2"), in: &state)
        #expect(state.view.zoomed == .stream)
        expectViewportFillsPane(state)
    }

    @Test func escFromADetailOpenedInTheStreamStillGoesBackToTheStream() {
        var state = state()
        press(.character("z"), .enter, .escape, in: &state)
        #expect(state.view.focus == .stream)
        #expect(state.view.zoomed == .stream)
        expectViewportFillsPane(state)
    }

    @Test func enterOnAWatchShowsItsOffenderInDetailToo() {
        var state = state()
        press(.enter, in: &state)
        #expect(state.view.detail?.record.offset == .sequence(39), "a message opened before")
        _ = reduce(&state, .watchResultsUpdated([failingWatch()]))
        press(.character("6"), .enter, in: &state)
        #expect(state.view.focus == .stream)
        let selected = state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) }.flatMap { state.record($0)?.record }
        #expect(selected?.partition == 1 && selected?.offset == .sequence(7))
        #expect(state.view.detail?.record.partition == 1)
        #expect(state.view.detail?.record.offset == .sequence(7), "detail shows the offender, not the message opened before")
    }

    @Test func resizingKeepsTheViewportFitted() {
        var state = state()
        state.view.height = 48
        expectViewportFillsPane(state)
    }
}
