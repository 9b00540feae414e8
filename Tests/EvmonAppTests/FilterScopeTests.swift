@testable import EvmonPresentation
import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

/// A filter can name its field; `!json` keeps values that are not JSON.
@Suite struct FilterScopeTests {
    let json = RecordFixtures.record(offset: 0, key: "k-1", value: #"{"a":1}"#, headers: [Header("trace", "t-1")])
    let text = RecordFixtures.record(offset: 1, key: "{k-2", value: "plain text", headers: [Header("trace", "{t-2")])

    func kept(_ source: String) throws -> [Int64] {
        let filter = try StreamFilter(parsing: source)
        return [json, text].filter(filter.matches).compactMap(\.offset.sequenceValue)
    }

    @Test func anUnscopedRegexMatchesKeysAndHeadersToo() throws {
        #expect(try kept("re:^[^{]") == [0, 1], "the keys start without {: every row stays")
    }

    @Test func aScopedFilterMatchesOnlyItsField() throws {
        #expect(try kept("value:re:^[^{]") == [1])
        #expect(try kept("key:{") == [1])
        #expect(try kept("header:trace:t-1") == [0])
        #expect(try kept("header:TRACE:{") == [1], "header names compare case-insensitively")
        #expect(try kept("value:k-1") == [])
    }

    @Test func notJSONKeepsValuesThatAreNotJSON() throws {
        #expect(try kept("!json") == [1])
        #expect(try StreamFilter(parsing: "!json").kind == .notJSON)
    }

    @Test func theScopeIsSplitFromWhatFollows() {
        #expect(FilterScope.split("value:re:x") == (.value, "re:x"))
        #expect(FilterScope.split("header:x-id:42") == (.header("x-id"), "42"))
        #expect(FilterScope.split("plain") == (.any, "plain"))
    }
}

/// `n` / `N` jump between the messages the filter (or the last one used) matches.
@Suite struct StreamSearchTests {
    @Test func nAndCapitalNJumpBetweenMatchesOfTheLastFilterInTheWholeStream() {
        var state = AppState(brokerURL: "test://", now: 1_000)
        _ = reduce(&state, .topicsListed([TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(9))])], at: 1_000))
        var batch = RecordFixtures.batch(topic: "orders", offsets: 0..<9)
        for offset in [3, 6] { batch.records[offset].value = Array("a needle".utf8) }
        _ = reduce(&state, .recordsFetched(batch))
        func press(_ keys: Key...) { for key in keys { _ = reduce(&state, .keyPressed(key)) } }
        func selectedOffset() -> Int64? {
            state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) }.flatMap { state.record($0)?.record.offset.sequenceValue }
        }
        press(.character("n"))
        #expect(state.view.notice?.isError == true, "no filter yet: n says how to get one")
        press(.character("/"))
        for character in "needle" { press(.character(character)) }
        press(.enter, .escape)
        #expect(state.view.stream.filter == nil)
        #expect(state.view.stream.rowCount == 9, "the whole stream again")
        press(.character("g"), .character("n"))
        #expect(selectedOffset() == 3)
        press(.character("n"))
        #expect(selectedOffset() == 6)
        press(.character("n"))
        #expect(selectedOffset() == 6)
        #expect(state.view.notice?.text == "no newer message matches /needle")
        press(.character("N"))
        #expect(selectedOffset() == 3)
    }
}

@Suite struct HeaderNameComparisonTests {
    @Test func namesCompareCaseInsensitivelyASCIIOrNot() {
        #expect(StreamFilter.sameHeaderName("Content-Type", "content-type"))
        #expect(!StreamFilter.sameHeaderName("Content-Type", "content-typ"))
        #expect(!StreamFilter.sameHeaderName("trace", "trade"))
        #expect(StreamFilter.sameHeaderName("Événement", "éVÉNEMENT"))
        #expect(!StreamFilter.sameHeaderName("Événement", "evenement"))
    }
}
