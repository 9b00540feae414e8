@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonDeadLetters
@testable import EvmonApp
@testable import EvmonUI

/// The hint bar and the prompts' hints keep what a newcomer needs at any width.
@Suite struct HintBarTests {
    func hintRow(width: Int, focus: PaneID = .stream, mode: InputMode = .normal) -> String {
        var state = AppState(brokerURL: "test://", now: 0)
        _ = reduce(&state, .terminalResized(width: width, height: 24))
        state.view.focus = focus
        state.view.mode = mode
        let dump = ScreenRenderer.render(state).textDump().split(separator: "\n")
        return String(dump[dump.count - 1])
    }

    @Test func helpAndQuitStayAtEveryWidth() {
        for width in [60, 80, 100] {
            for pane in PaneID.allCases {
                let row = hintRow(width: width, focus: pane)
                #expect(row.contains("<?> help") && row.contains("<q> quit"), "\(width) columns, \(pane): \(row)")
            }
        }
    }

    @Test func theSeekPromptListsTheTimeForms() {
        let row = hintRow(width: 160, mode: .command("seek "))
        #expect(row.contains("-5m"), "\(row)")
        #expect(row.contains("2026-11-26T10:15Z"), "\(row)")
    }
}

/// The `/` prompt says which fields the filter being typed matches.
@Suite struct FilterPromptTests {
    func hint(_ text: String) -> String {
        var state = AppState(brokerURL: "test://", now: 0)
        _ = reduce(&state, .terminalResized(width: 200, height: 24))
        state.view.mode = .filter(PromptLine(text))
        let dump = ScreenRenderer.render(state).textDump().split(separator: "\n")
        return String(dump[dump.count - 1])
    }

    @Test func thePromptShowsTheScope() {
        #expect(hint("re:^[^{]").contains("matches key, value and headers (value: key: header:NAME: narrow it)"))
        #expect(hint("value:re:^[^{]").contains("matches value ·"))
        #expect(hint("header:trace-id:abc").contains("matches header trace-id ·"))
        #expect(hint("!json").contains("matches value ·"))
    }
}
