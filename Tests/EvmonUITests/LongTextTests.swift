@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp
@testable import EvmonUI

/// Long text can be read: detail wraps (`w`) or scrolls sideways (`←`/`→`, `h`/`l`), and the
/// stream's values scroll sideways.
@Suite struct LongTextTests {
    /// A message whose value is one 300-character line ending in "THE-END", opened in detail, at 120×30.
    func state() -> AppState {
        var monitor = MonitorFixture(now: 0)
        monitor.list(["orders"], count: 1)
        let value = "events are JSON with the required fields " + String(repeating: "x", count: 250) + " THE-END"
        monitor.read([RecordFixtures.record(offset: 0, value: value)], topic: "orders")
        return monitor.state
    }

    func screen(_ state: AppState) -> String { ScreenRenderer.render(state).textDump() }

    func press(_ keys: Key..., in state: inout AppState) {
        for key in keys { _ = reduce(&state, .keyPressed(key)) }
    }

    @Test func detailWrapsLongLinesOnW() {
        var state = state()
        press(.enter, in: &state)
        #expect(!screen(state).contains("THE-END"), "cut at first")
        #expect(screen(state).contains("x…"), "and marked as cut")
        press(.character("w"), .character("z"), in: &state)
        #expect(screen(state).contains("THE-END"))
        #expect(screen(state).contains("Detail · orders/0@0 · 10 lines · wrapped"))
        press(.character("w"), in: &state)
        #expect(!screen(state).contains("THE-END"))
    }

    @Test func detailScrollsLongLinesSideways() {
        var state = state()
        press(.enter, in: &state)
        for _ in 0..<30 { press(.character("l"), in: &state) }
        #expect(screen(state).contains("THE-END"), "scrolled to the end of the longest line")
        let column = state.view.detail?.column ?? 0
        press(.right, in: &state)
        #expect(state.view.detail?.column == column, "not past the end")
        press(.left, .character("h"), in: &state)
        #expect(state.view.detail?.column == column - 2 * SidewaysScroll.step)
    }

    @Test func theStreamScrollsItsValuesSideways() {
        var state = state()
        #expect(!screen(state).contains("THE-END"))
        for _ in 0..<20 { press(.character("l"), in: &state) }
        let text = screen(state)
        #expect(text.contains("THE-END"))
        #expect(text.contains("VALUE (from column"))
        press(.character("h"), in: &state)
        #expect(state.view.stream.valueColumn > 0)
    }

    @Test func wrappingNeverSplitsAGlyphOrAnEscape() {
        let rows = LineLayout.wrap([TextSpan("ab注\u{1b}c")], width: 3)
        #expect(rows.map { $0.map(\.text).joined() } == ["ab", "注", "\u{1b}", "c"])
        #expect(LineLayout.dropping(3, of: [TextSpan("ab"), TextSpan("注x")]).map(\.text) == ["x"])
    }
}
