@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

/// The prompts edit as readline does, `/` reopens its filter selected, Tab completes topics, and
/// an old error leaves the status line once a later command worked.
@Suite struct PromptEditingTests {
    func press(_ keys: Key..., on line: PromptLine) -> PromptLine {
        keys.reduce(line) { $0.editing($1) ?? $0 }
    }

    func type(_ text: String, in state: inout AppState) {
        for character in text { _ = reduce(&state, .keyPressed(.character(character))) }
    }

    @Test func theCursorMovesAndControlKeysEditAroundIt() {
        var line = press(.character("a"), .character("c"), .left, .character("b"), on: "")
        #expect(line.text == "abc" && line.cursor == 2)
        line = press(.control("a"), .character(">"), .control("e"), .character("!"), on: line)
        #expect(line.text == ">abc!")
        line = press(.control("w"), on: "seek orders -5m")
        #expect(line.text == "seek orders ")
        line = press(.control("w"), on: line)
        #expect(line.text == "seek ", "a word and the spaces after it")
        line = press(.left, .left, .control("u"), on: "topic orders")
        #expect(line.text == "rs" && line.cursor == 0)
        line = press(.right, .control("k"), on: line)
        #expect(line.text == "r")
        line = press(.home, .delete, on: "xyz")
        #expect(line.text == "yz")
    }

    @Test func aSelectedLineIsReplacedByTypingAndKeptByTheArrows() {
        let selected = PromptLine("old", selected: true)
        #expect(press(.character("n"), on: selected).text == "n")
        #expect(press(.backspace, on: selected).text == "")
        #expect(press(.right, .character("!"), on: selected).text == "old!")
        #expect(press(.left, .character("!"), on: selected).text == "!old")
    }

    /// Orders and orders-dlt, with one "needle" value among orders' records.
    func state() -> AppState {
        var state = AppState(brokerURL: "test://", now: 1_000)
        let metadata = ["inventory", "orders", "orders-dlt"].map { TopicMetadata(name: $0, partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(9))]) }
        _ = reduce(&state, .topicsListed(metadata, at: 1_000))
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", offsets: 0..<9)))
        return state
    }

    @Test func slashReopensTheFilterSelectedSoTypingReplacesIt() {
        var state = state()
        _ = reduce(&state, .keyPressed(.character("/")))
        #expect(state.view.mode == .filter(""), "no filter: an empty prompt")
        type("xxx", in: &state)
        _ = reduce(&state, .keyPressed(.enter))
        _ = reduce(&state, .keyPressed(.character("/")))
        #expect(state.view.mode == .filter(PromptLine("xxx", selected: true)))
        type("yy", in: &state)
        #expect(state.view.mode == .filter("yy"), "replaced, not appended")
        #expect(state.view.stream.filter?.source == "yy")
    }

    @Test func upAndDownWalkTheFiltersUsedBefore() {
        var state = state()
        for filter in ["first", "second"] {
            _ = reduce(&state, .keyPressed(.character("/")))
            type(filter, in: &state)
            _ = reduce(&state, .keyPressed(.enter))
        }
        _ = reduce(&state, .keyPressed(.escape))
        _ = reduce(&state, .keyPressed(.character("/")))
        type("dra", in: &state)
        _ = reduce(&state, .keyPressed(.up))
        #expect(state.view.mode == .filter("second"))
        _ = reduce(&state, .keyPressed(.up))
        #expect(state.view.mode == .filter("first"))
        _ = reduce(&state, .keyPressed(.up))
        #expect(state.view.mode == .filter("first"), "nothing older")
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.down))
        #expect(state.view.mode == .filter("dra"), "past the newest: what was being typed")
    }

    @Test func tabCompletesTopicNamesAfterTopic() {
        var state = state()
        _ = reduce(&state, .keyPressed(.character(":")))
        type("topic inv", in: &state)
        _ = reduce(&state, .keyPressed(.tab))
        #expect(state.view.mode == .command("topic inventory "))
        type("or", in: &state)
        _ = reduce(&state, .keyPressed(.tab))
        #expect(state.view.mode == .command("topic inventory orders"), "orders and orders-dlt agree on 'orders'")
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.stream.topics == ["inventory", "orders"])
    }

    @Test func anOldErrorClearsOnceALaterCommandWorked() {
        var state = state()
        _ = reduce(&state, .keyPressed(.character(":")))
        type("foo", in: &state)
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.notice?.text.hasPrefix("unknown command 'foo'") == true)
        _ = reduce(&state, .keyPressed(.character(":")))
        type("topic orders", in: &state)
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.notice == nil)
    }
}
