@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

/// k9s habits: half pages, `[`/`]`, `y` copies (OSC 52, with a notice), `o` from a dead letter to
/// its origin, and keys that do nothing say so.
@Suite struct KeyHabitsTests {
    /// Orders (1 partition, 100 records) streamed, a DLT with one dead letter of orders/0@42, at 120×30.
    func state() -> AppState {
        var monitor = MonitorFixture()
        monitor.list(["orders", "orders-dlt"], count: 100)
        monitor.read(RecordFixtures.batch(topic: "orders", offsets: 0..<100).records, topic: "orders")
        let headers = [
            Header("kafka_dlt-original-topic", "orders"), Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, 0]),
            Header(name: "kafka_dlt-original-offset", value: [0, 0, 0, 0, 0, 0, 0, 42]), Header("kafka_dlt-exception-message", "boom"),
        ]
        monitor.read([RecordFixtures.record(topic: "orders-dlt", offset: 0, key: "k", value: "{}", headers: headers)], topic: "orders-dlt")
        return monitor.state
    }

    func press(_ keys: Key..., in state: inout AppState) -> [Effect] {
        keys.flatMap { reduce(&state, .keyPressed($0)) }
    }

    func selectedOffset(_ state: AppState) -> Int64? {
        state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) }.flatMap { state.record($0)?.record.offset.sequenceValue }
    }

    @Test func controlDAndControlUMoveHalfAPage() {
        var state = state()
        _ = press(.character("g"), in: &state)
        let half = max(1, (state.view.layout.contentHeight(of: .stream) - 1) / 2)
        _ = press(.control("d"), in: &state)
        #expect(selectedOffset(state) == Int64(half))
        _ = press(.control("u"), in: &state)
        #expect(selectedOffset(state) == 0)
    }

    @Test func bracketsGoToThePreviousAndNextPane() {
        var state = state()
        _ = press(.character("]"), in: &state)
        #expect(state.view.focus == .detail)
        _ = press(.character("["), .character("["), in: &state)
        #expect(state.view.focus == .topics)
    }

    @Test func yCopiesTheSelectedValueAndSaysSo() {
        var state = state()
        let effects = press(.character("y"), in: &state)
        #expect(effects == [.copyToClipboard(Array("xxxxxxxxxx".utf8))])
        #expect(state.view.notice?.text == "copied the value of orders/0@99 (10 B) to the clipboard")
        _ = press(.enter, in: &state)
        #expect(press(.character("y"), in: &state) == [.copyToClipboard(Array("xxxxxxxxxx".utf8))], "in detail too")
    }

    @Test func oJumpsFromADeadLetterToItsOrigin() {
        var state = state()
        _ = press(.character("5"), .down, .character("o"), in: &state)
        #expect(state.view.focus == .stream)
        #expect(selectedOffset(state) == 42)
        #expect(state.view.detail?.record.offset == .sequence(42))
        #expect(state.view.notice?.text == "the origin of orders-dlt/0@0, orders/0@42")
        // From the dead letter's detail too.
        _ = press(.character("5"), .enter, in: &state)
        #expect(state.view.detail?.record.topic == "orders-dlt")
        _ = press(.character("g"), .character("o"), in: &state)
        #expect(selectedOffset(state) == 42)
    }

    @Test func aKeyThatDoesNothingHereSaysWhereItWorks() {
        var state = state()
        _ = press(.character("4"), .character("w"), in: &state)
        #expect(state.view.notice?.text == "w does nothing in Lag (it works in Detail)")
        _ = press(.character("Q"), in: &state)
        #expect(state.view.notice?.text == "Q is not a key; ? lists them")
        #expect(state.view.notice?.isError == false)
    }
}
