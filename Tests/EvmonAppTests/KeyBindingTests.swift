@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

/// Every key binding, through the reducer, on a state with two streamed topics.
@Suite struct KeyBindingTests {
    /// Orders and inventory (3 partitions each, 40 records per partition) plus a DLT, streamed at 160×48.
    func streamingState() -> AppState {
        var state = AppState(brokerURL: "test://", now: 1_000)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 160; view.height = 48; return view }()))
        let metadata = ["inventory", "orders", "orders-dlt"].map { name in
            TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(40)) })
        }
        _ = reduce(&state, .connectionChanged(.connected))
        _ = reduce(&state, .topicsListed(metadata, at: 1_000))
        for topic in ["orders", "inventory"] {
            for partition in 0..<3 {
                _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: topic, partition: partition, offsets: 0..<40)))
            }
        }
        return state
    }

    func press(_ keys: Key..., in state: inout AppState) -> [Effect] {
        keys.flatMap { reduce(&state, .keyPressed($0)) }
    }

    func type(_ text: String, in state: inout AppState) {
        for character in text { _ = reduce(&state, .keyPressed(.character(character))) }
    }

    func selectedRecord(_ state: AppState) -> Record? {
        state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) }.flatMap { state.record($0)?.record }
    }

    @Test func firstListingStreamsTheApplicationTopicsAndTailsTheDeadLetters() {
        var state = AppState(brokerURL: "test://", now: 0)
        let metadata = ["orders", "orders-dlt"].map { TopicMetadata(name: $0, partitions: [PartitionMetadata(id: 0, startOffset: nil, endOffset: nil)]) }
        let effects = reduce(&state, .topicsListed(metadata, at: 0))
        #expect(state.view.stream.topics == ["orders"])
        #expect(effects == [.tail(topics: ["orders"], from: .lastMessages(200)), .tail(topics: ["orders-dlt"], from: .lastMessages(2_000))])
    }

    @Test func tabAndShiftTabCycleThroughPanesAndDigitsJump() {
        var state = streamingState()
        #expect(state.view.focus == .stream)
        _ = press(.tab, in: &state)
        #expect(state.view.focus == .detail)
        _ = press(.backTab, .backTab, in: &state)
        #expect(state.view.focus == .topics)
        _ = press(.backTab, in: &state)
        #expect(state.view.focus == .watches)
        _ = press(.character("4"), in: &state)
        #expect(state.view.focus == .lag)
        _ = press(.character("2"), in: &state)
        #expect(state.view.focus == .stream)
    }

    @Test func movingUpLeavesFollowAndCapitalGFollowsAgain() {
        var state = streamingState()
        #expect(state.view.stream.isFollowing)
        let newest = selectedRecord(state)
        _ = press(.character("k"), in: &state)
        #expect(!state.view.stream.isFollowing)
        #expect(selectedRecord(state) != newest)
        _ = press(.down, in: &state)
        #expect(state.view.stream.isFollowing, "moving onto the newest row follows again")
        _ = press(.up, .up, .character("G"), in: &state)
        #expect(state.view.stream.isFollowing)
        #expect(selectedRecord(state) == newest)
    }

    @Test func gGoesToTheOldestAndPagesMoveByAScreen() {
        var state = streamingState()
        _ = press(.character("g"), in: &state)
        let oldest = state.view.stream.selectedRowNumber!
        #expect(oldest == state.view.stream.firstRowNumber)
        _ = press(.pageDown, in: &state)
        let page = state.view.layout.contentHeight(of: .stream) - 1
        #expect(state.view.stream.selectedRowNumber == oldest + page)
        _ = press(.pageUp, in: &state)
        #expect(state.view.stream.selectedRowNumber == oldest)
        _ = press(.control("f"), .control("b"), in: &state)
        #expect(state.view.stream.selectedRowNumber == oldest)
    }

    @Test func enterOpensTheSelectedMessageAndEscGoesBack() {
        var state = streamingState()
        _ = press(.character("k"), in: &state)
        let selected = selectedRecord(state)
        _ = press(.enter, in: &state)
        #expect(state.view.focus == .detail)
        #expect(state.view.detail?.record == selected)
        _ = press(.character("j"), in: &state)
        #expect(state.view.detail?.scroll == 0, "a short document does not scroll")
        _ = press(.escape, in: &state)
        #expect(state.view.focus == .stream)
    }

    @Test func slashFiltersAsYouTypeAndEscClearsIt() {
        var state = streamingState()
        var fetched = RecordFixtures.batch(topic: "orders", partition: 1, offsets: 40..<41)
        fetched.records[0].value = Array("needle-in-hay".utf8)
        _ = reduce(&state, .recordsFetched(fetched))
        _ = press(.character("/"), in: &state)
        type("NEEDLE", in: &state)
        #expect(state.view.mode == .filter("NEEDLE"))
        #expect(state.view.stream.rowCount == 0, "capitals make the match case-sensitive")
        _ = press(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace, in: &state)
        type("needle", in: &state)
        #expect(state.view.stream.rowCount == 1)
        _ = press(.enter, in: &state)
        #expect(state.view.mode == .normal)
        #expect(state.view.stream.filter?.source == "needle")
        _ = press(.escape, in: &state)
        #expect(state.view.stream.filter == nil)
        #expect(state.view.stream.rowCount == 241)
    }

    @Test func regexFiltersApplyOnEnterAndBadOnesSayWhy() {
        var state = streamingState()
        _ = press(.character("/"), in: &state)
        type("re:^v{3}$", in: &state)
        #expect(state.view.stream.filter == nil, "regexes wait for enter")
        _ = press(.enter, in: &state)
        #expect(state.view.stream.filter?.kind == .regex)
        #expect(state.view.stream.rowCount == 0)
        _ = press(.character("/"), in: &state)
        // The filter comes back selected; `end` keeps it for editing.
        _ = press(.end, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, in: &state)
        type("x{10}$", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.stream.rowCount == 240)
        _ = press(.character("/"), in: &state)
        type("re:(", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.notice?.isError == true)
    }

    @Test func jqFiltersKeepJSONValuesTheExpressionHolds() {
        var state = streamingState()
        var fetched = RecordFixtures.batch(topic: "orders", partition: 2, offsets: 40..<43)
        fetched.records[0].value = Array(#"{"event_type":"OrderCreated","payload":{"total":12}}"#.utf8)
        fetched.records[1].value = Array(#"{"event_type":"OrderCreated","payload":{"total":3}}"#.utf8)
        fetched.records[2].value = Array("not json".utf8)
        _ = reduce(&state, .recordsFetched(fetched))
        _ = press(.character("/"), in: &state)
        type("jq:.payload.total > 10", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.stream.filter?.kind == .jq)
        #expect(state.view.stream.rowCount == 1)
        _ = reduce(&state, .recordsFetched(RecordBatch(
            topicPartition: TopicPartition(topic: "orders", partition: 2),
            records: [RecordFixtures.record(partition: 2, offset: 43, value: #"{"payload":{"total":99}}"#)])))
        #expect(state.view.stream.rowCount == 2, "live messages are judged as they arrive")
        _ = press(.character("/"), in: &state)
        for _ in 0..<40 { _ = press(.backspace, in: &state) }
        type("jq:.payload.total >", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.notice?.isError == true)
        #expect(state.view.notice?.text.hasPrefix("filter jq:.payload.total >: ") == true)
    }

    @Test func spacePausesWhileTheBufferKeepsFillingAndCounts() {
        var state = streamingState()
        let shown = state.view.stream.visibleRowCount
        _ = press(.character(" "), in: &state)
        #expect(state.view.stream.isPaused)
        _ = reduce(&state, .recordsFetched(RecordFixtures.batch(topic: "orders", partition: 0, offsets: 40..<45)))
        #expect(state.view.stream.visibleRowCount == shown)
        #expect(state.view.stream.arrivedWhilePaused == 5)
        #expect(state.topics["orders"]!.buffer.count == 125)
        _ = press(.character(" "), in: &state)
        #expect(state.view.stream.visibleRowCount == shown + 5)
    }

    @Test func zoomTogglesAndFollowsFocus() {
        var state = streamingState()
        _ = press(.character("z"), in: &state)
        #expect(state.view.zoomed == .stream)
        #expect(state.view.layout.panes.keys.sorted { $0.rawValue < $1.rawValue } == [.stream])
        _ = press(.tab, in: &state)
        #expect(state.view.zoomed == .detail)
        _ = press(.character("z"), in: &state)
        #expect(state.view.zoomed == nil)
        _ = press(.character("z"), .escape, in: &state)
        #expect(state.view.zoomed == .stream, "esc in detail goes back to the stream, still zoomed")
        _ = press(.escape, in: &state)
        #expect(state.view.zoomed == nil, "esc unzooms when there is nothing else to undo")
    }

    @Test func questionMarkShowsHelpAndAnyKeyClosesIt() {
        var state = streamingState()
        _ = press(.character("?"), in: &state)
        #expect(state.view.overlay == .help)
        _ = press(.character("q"), in: &state)
        #expect(state.view.overlay == nil)
        #expect(!state.view.quitRequested, "q closes help before it quits")
        _ = press(.character("q"), in: &state)
        #expect(state.view.quitRequested)
    }

    @Test func helpLongerThanTheTerminalScrollsWithJAndK() {
        var state = streamingState()
        _ = reduce(&state, .terminalResized(width: 80, height: 24))
        _ = press(.character("?"), .character("j"), .character("j"), in: &state)
        #expect(state.view.overlay == .help)
        #expect(state.view.helpScroll == 2)
        _ = press(.pageDown, .pageDown, .pageDown, .pageDown, in: &state)
        let layout = HelpLayout(HelpPage(keymap: state.view.keymap), width: 80, height: 24)
        #expect(layout.lastScroll == layout.columns[0].count - 20, "one column, 20 rows shown at 80×24")
        #expect(state.view.helpScroll == layout.lastScroll, "stops at the last line")
        _ = press(.character("k"), in: &state)
        #expect(state.view.helpScroll == layout.lastScroll - 1)
        _ = press(.character("x"), in: &state)
        #expect(state.view.overlay == nil)
        #expect(state.view.helpScroll == 0, "opened again, it starts at the top")
    }

    @Test func controlCQuits() {
        var state = streamingState()
        _ = press(.control("c"), in: &state)
        #expect(state.view.quitRequested)
    }

    @Test func topicsPaneSpaceTogglesStreamingAndEnterStreamsOnlyOne() {
        var state = streamingState()
        _ = press(.character("1"), in: &state)
        #expect(state.view.topicCursor == 0)
        var effects = press(.character(" "), in: &state)
        #expect(state.view.stream.topics == ["orders"])
        #expect(effects == [.stopTailing(topics: ["inventory"])])
        effects = press(.character(" "), in: &state)
        #expect(state.view.stream.topics == ["orders", "inventory"])
        #expect(effects == [.tail(topics: ["inventory"], from: .lastMessages(200))])
        _ = press(.character("j"), .enter, in: &state)
        #expect(state.view.stream.topics == ["orders"])
        #expect(state.view.focus == .stream)
    }

    @Test func colonCommandsSeekChangeTopicsThemeAndQuit() {
        var state = streamingState()
        _ = press(.character(":"), in: &state)
        type("seek earliest", in: &state)
        var effects = press(.enter, in: &state)
        #expect(effects == [.tail(topics: ["inventory", "orders"], from: .earliest)])
        #expect(state.topics["orders"]!.buffer.count == 0, "a seek forgets what was buffered")
        _ = press(.character(":"), in: &state)
        type("topic orders", in: &state)
        effects = press(.enter, in: &state)
        #expect(state.view.stream.topics == ["orders"])
        #expect(effects == [.stopTailing(topics: ["inventory"])])
        _ = press(.character(":"), in: &state)
        type("theme light", in: &state)
        #expect(press(.enter, in: &state) == [.applyTheme("light")])
        _ = press(.character(":"), in: &state)
        type("topic nope", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.notice?.text.hasPrefix("unknown topic 'nope'") == true)
        _ = press(.character(":"), in: &state)
        type("seek sideways", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.notice?.isError == true)
        _ = press(.character(":"), in: &state)
        type("frobnicate", in: &state)
        _ = press(.enter, in: &state)
        #expect(state.view.notice?.text == "unknown command 'frobnicate' (try :help)")
        _ = press(.character(":"), .character("x"), .escape, in: &state)
        #expect(state.view.mode == .normal)
        _ = press(.character(":"), .character("q"), .enter, in: &state)
        #expect(state.view.quitRequested)
    }

    @Test func listCursorsStayWithinTheirLists() {
        var state = streamingState()
        _ = press(.character("1"), .character("G"), in: &state)
        #expect(state.view.topicCursor == 2)
        _ = press(.character("j"), in: &state)
        #expect(state.view.topicCursor == 2)
        _ = press(.character("g"), .character("k"), in: &state)
        #expect(state.view.topicCursor == 0)
        _ = press(.character("4"), .character("j"), in: &state)
        #expect(state.view.lagCursor == 0, "no groups, nowhere to go")
    }

    @Test func resizingRefitsTheStreamViewport() {
        var state = streamingState()
        _ = reduce(&state, .terminalResized(width: 100, height: 30))
        #expect(state.view.stream.viewportHeight == ScreenLayout(width: 100, height: 30).contentHeight(of: .stream) - 1)
        #expect(state.view.stream.visibleRowNumbers.count == state.view.stream.viewportHeight)
    }

    @Test func everyBindingIsReachableWhereItApplies() {
        let keymap = Keymap.standard
        for binding in keymap.bindings {
            for pane in PaneID.allCases where binding.applies(in: pane) {
                for key in binding.keys {
                    let command = keymap.command(for: key, in: pane)
                    let shadowedBySpecific = keymap.bindings.contains { $0.panes?.contains(pane) == true && $0.keys.contains(key) && $0 != binding }
                    if !shadowedBySpecific { #expect(command == binding.command, "\(key) in \(pane)") }
                }
            }
        }
        #expect(keymap.hints(in: .stream).first?.panes == [.stream], "pane-specific hints come first")
    }
}

@Suite struct SeekTargetTests {
    @Test func seekTakesTheTailFormsTimesAgoAndISOTimes() {
        let now: Int64 = 1_764_115_200_000
        #expect(seekPosition("earliest", now: now) == .earliest)
        #expect(seekPosition("-20", now: now) == .lastMessages(20))
        #expect(seekPosition("-5m", now: now) == .timestamp(now - 300_000))
        #expect(seekPosition("-2h", now: now) == .timestamp(now - 7_200_000))
        #expect(seekPosition("2025-11-26T00:00:00Z", now: now) == .timestamp(now))
        #expect(seekPosition("2025-11-26T01:00:00.250+01:00", now: now) == .timestamp(now + 250))
        #expect(seekPosition("2025-11-26 00:00", now: now) == .timestamp(now))
        #expect(seekPosition("2025-13-26T00:00Z", now: now) == nil)
        #expect(seekPosition("-5w", now: now) == nil)
        #expect(seekPosition("sideways", now: now) == nil)
    }
}
