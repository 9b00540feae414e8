import EvmonPresentation
import EvmonApp
import EvmonUI
import Testing

/// The renderer draws what the registry says: every registered pane under its number and title,
/// and the whole `?` overlay at 160×48.
@Suite struct PaneRegistryRenderingTests {
    func frame(width: Int, height: Int, keys: [Key] = []) -> String {
        var state = AppState(brokerURL: "test://", now: 0)
        _ = reduce(&state, .terminalResized(width: width, height: height))
        for key in keys { _ = reduce(&state, .keyPressed(key)) }
        return ScreenRenderer.render(state).textDump()
    }

    @Test func everyRegisteredPaneIsDrawnUnderItsNumberAndTitle() {
        let text = frame(width: 160, height: 48)
        for (index, pane) in PaneRegistry.all.enumerated() {
            #expect(text.contains("\(index + 1) \(pane.title)"), "\(pane.title) is not on screen")
        }
    }

    @Test func theHelpOverlayShowsEveryLineWholeAt160x48() {
        let text = frame(width: 160, height: 48, keys: [.character("?")])
        for line in HelpPage(keymap: .standard).sections.flatMap(\.lines) {
            #expect(text.contains(line.keys) && text.contains(line.text), "cut or missing: \(line.keys) \(line.text)")
        }
    }
}
