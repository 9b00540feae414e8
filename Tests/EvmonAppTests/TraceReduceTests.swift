import EvmonTestSupport
import Testing
import EvmonModel
import EvmonTrace
import EvmonApp

/// `t`: the trace of the selected message's transaction, from the buffers at once and from the
/// broker as its search reports, until Esc goes back.
@Suite struct TraceReduceTests {
    let now: Int64 = 1_764_115_300_000

    /// Streams orders and inventory; order o-1's life is spread over both, keyed differently in
    /// inventory, where it joins by `.payload.order_id`.
    func streaming() -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        let metadata = ["orders", "inventory"].map { name in
            TopicMetadata(name: name, partitions: (0..<2).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100)) })
        }
        _ = reduce(&state, .topicsListed(metadata, at: now))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "topic orders inventory" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        let base: Int64 = now - 60_000
        let orders = [
            RecordFixtures.record(topic: "orders", partition: 0, offset: 10, timestamp: base, key: "o-1", value: #"{"event_type":"OrderCreated"}"#),
            RecordFixtures.record(topic: "orders", partition: 0, offset: 11, timestamp: base + 100, key: "o-2", value: #"{"event_type":"OrderCreated"}"#),
            RecordFixtures.record(topic: "orders", partition: 0, offset: 12, timestamp: base + 5_000, key: "o-1", value: #"{"event_type":"OrderCancelled"}"#),
        ]
        let inventory = [
            RecordFixtures.record(topic: "inventory", partition: 1, offset: 7, timestamp: base + 300, key: "sku-9", value: #"{"payload":{"order_id":"o-1"}}"#),
        ]
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: orders)))
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "inventory", partition: 1), records: inventory)))
        return state
    }

    /// Selects the stream row holding `key` at `offset`.
    func select(offset: Int64, in state: inout AppState) {
        _ = reduce(&state, .keyPressed(.character("g")))
        for _ in 0..<10 {
            if let number = state.view.stream.selectedRowNumber, let reference = state.view.stream.row(number),
                state.record(reference)?.record.offset == .sequence(offset) { return }
            _ = reduce(&state, .keyPressed(.character("j")))
        }
        Issue.record("no stream row at offset \(offset)")
    }

    @Test func tOpensTheTraceFromTheBuffersInEventTimeAndSearchesTheBrokerAroundIt() throws {
        var state = streaming()
        select(offset: 12, in: &state)
        let effects = reduce(&state, .keyPressed(.character("t")))
        #expect(state.view.overlay == .trace)
        let trace = try #require(state.view.trace)
        #expect(trace.matcher.value == "o-1")
        #expect(trace.rows.map(\.record.topic) == ["orders", "inventory", "orders"])
        #expect(trace.rows.map(\.sincePrevious) == [0, 300, 4_700])
        #expect(trace.selected?.record.offset == .sequence(12), "the cursor starts on the message t was pressed on")
        guard case .searchTrace(let id, let search)? = effects.first else { Issue.record("no search: \(effects)"); return }
        #expect(id == trace.searchID)
        #expect(search.partitions.count == 4)
        #expect(search.from == now - 60_000 + 5_000 - 600_000)
        #expect(search.until == now - 60_000 + 5_000 + 600_000)
    }

    @Test func theBrokersFindsStreamInOnceAndStaleSearchesAreIgnored() throws {
        var state = streaming()
        select(offset: 10, in: &state)
        _ = reduce(&state, .keyPressed(.character("t")))
        let id = try #require(state.view.trace?.searchID)
        let older = RecordFixtures.record(topic: "orders-dlt", partition: 0, offset: 0, timestamp: now - 59_000, key: "o-1")
        let again = RecordFixtures.record(topic: "orders", partition: 0, offset: 10, timestamp: now - 60_000, key: "o-1")
        let progress = TraceSearch.Progress(topic: "orders-dlt", scanned: 40, isDone: true)
        _ = reduce(&state, .traceSearched(searchID: id, found: [TraceMatch(record: older, link: .key), TraceMatch(record: again, link: .key)], progress: progress))
        _ = reduce(&state, .traceSearched(searchID: id - 1, found: [TraceMatch(record: RecordFixtures.record(topic: "x", offset: 1, key: "o-1"), link: .key)], progress: progress))
        let trace = try #require(state.view.trace)
        #expect(trace.rows.map(\.record.topic) == ["orders", "inventory", "orders-dlt", "orders"])
        #expect(trace.selected?.record.offset == .sequence(10), "new rows do not move the cursor off its message")
        #expect(trace.progress["orders-dlt"] == progress)
        _ = reduce(&state, .traceSearchEnded(searchID: id, error: nil))
        #expect(state.view.trace?.isSearching == false)
    }

    @Test func escGoesBackAndStopsTheSearchAndEnterOpensTheDetail() throws {
        var state = streaming()
        select(offset: 10, in: &state)
        _ = reduce(&state, .keyPressed(.character("t")))
        // The first Esc stops the search and keeps the trace; the second goes back.
        #expect(reduce(&state, .keyPressed(.escape)) == [.cancelTraceSearch])
        #expect(state.view.overlay == .trace && state.view.trace?.isSearching == false)
        #expect(state.view.trace?.rows.count == 3)
        #expect(reduce(&state, .keyPressed(.escape)).isEmpty)
        #expect(state.view.overlay == nil && state.view.trace == nil)
        #expect(state.view.focus == .stream)

        _ = reduce(&state, .keyPressed(.character("t")))
        _ = reduce(&state, .keyPressed(.character("j")))
        #expect(reduce(&state, .keyPressed(.enter)) == [.cancelTraceSearch])
        #expect(state.view.focus == .detail)
        #expect(state.view.detail?.record.topic == "inventory")
    }

    @Test func aMessageWithoutAnIdSaysWhy() {
        var state = streaming()
        let bare = RecordFixtures.record(topic: "orders", partition: 1, offset: 0, timestamp: now, key: nil, value: "plain text")
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 1), records: [bare])))
        _ = reduce(&state, .keyPressed(.character("G")))
        #expect(reduce(&state, .keyPressed(.character("t"))).isEmpty)
        #expect(state.view.overlay == nil)
        #expect(state.view.notice?.text.hasPrefix("t: this message carries no id to trace by (key, traceparent, .order_id, .orderId, …") == true)
    }

    @Test func traceWindowSetsHowFarTSearches() throws {
        var state = streaming()
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "trace window 30s" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.notice?.text == "t searches ±30s around a message")
        select(offset: 12, in: &state)
        _ = reduce(&state, .keyPressed(.character("t")))
        let trace = try #require(state.view.trace)
        #expect(trace.until - trace.from == 60_000)
        // The first order event is 5 s before: inside ±30 s; nothing else changes.
        #expect(trace.rows.count == 3)
        _ = reduce(&state, .keyPressed(.escape))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "trace soon" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.notice?.isError == true)
    }
}
