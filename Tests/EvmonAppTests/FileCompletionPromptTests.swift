import EvmonPresentation
import Testing
@testable import EvmonApp

/// Tab after `:watches` (and `:theme`) completes a file path: the reducer asks the session for
/// the paths (it reads no disk) and completes the prompt from the answer.
@Suite struct FileCompletionPromptTests {
    func prompt(_ text: String) -> AppState {
        var state = AppState(brokerURL: "test://", now: 0)
        state.view.mode = .command(PromptLine(text))
        return state
    }

    func promptText(_ state: AppState) -> String? {
        if case .command(let line) = state.view.mode { line.text } else { nil }
    }

    @Test func tabAfterWatchesAsksForThePathsTheWordMayStart() {
        var state = prompt("watches ex")
        #expect(reduce(&state, .keyPressed(.tab)) == [.listFiles(startingWith: "ex")])
        var theme = prompt("theme ./my")
        #expect(reduce(&theme, .keyPressed(.tab)) == [.listFiles(startingWith: "./my")])
    }

    @Test func theListedPathsCompleteTheWordAsFarAsTheyAgree() {
        var state = prompt("watches ex")
        _ = reduce(&state, .filesListed(prefix: "ex", paths: ["examples/"]))
        #expect(promptText(state) == "watches examples/")
        _ = reduce(&state, .filesListed(prefix: "examples/", paths: ["examples/watches/"]))
        #expect(promptText(state) == "watches examples/watches/")
        _ = reduce(&state, .filesListed(prefix: "examples/watches/", paths: ["examples/watches/orders.yaml", "examples/watches/other.yaml"]))
        #expect(promptText(state) == "watches examples/watches/o", "only as far as both agree")
    }

    @Test func anAnswerForWhatIsNoLongerTypedChangesNothing() {
        var state = prompt("watches exa")
        _ = reduce(&state, .filesListed(prefix: "ex", paths: ["examples/"]))
        #expect(promptText(state) == "watches exa")
        var closed = AppState(brokerURL: "test://", now: 0)
        _ = reduce(&closed, .filesListed(prefix: "ex", paths: ["examples/"]))
        #expect(closed.view.mode == .normal)
    }

    @Test func commandsWithoutFilesDoNotAsk() {
        var state = prompt("filter ex")
        #expect(reduce(&state, .keyPressed(.tab)).isEmpty)
    }
}
