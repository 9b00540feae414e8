import EvmonTestSupport
import Testing
import EvmonModel
import EvmonApp

/// `x` / `:export FILE`: the stream's rows passing the filter, or the marked dead letters, to
/// a file; an existing file is replaced only after `y`.
@Suite struct ExportReduceTests {
    let now: Int64 = 1_764_115_300_000

    func streaming() -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        let metadata = [TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(100))])]
        _ = reduce(&state, .topicsListed(metadata, at: now))
        type(":topic orders", in: &state)
        _ = reduce(&state, .keyPressed(.enter))
        var records: [Record] = []
        for index in 0..<4 {
            let value = index % 2 == 0 ? #"{"event_type":"OrderCreated"}"# : #"{"event_type":"OrderCancelled"}"#
            let offset = Int64(10 + index)
            let timestamp: Int64 = now - 1_000 + offset
            records.append(RecordFixtures.record(topic: "orders", partition: 0, offset: offset, timestamp: timestamp, key: "o-\(index)", value: value))
        }
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: records)))
        return state
    }

    func type(_ text: String, in state: inout AppState) {
        for character in text { _ = reduce(&state, .keyPressed(.character(character))) }
    }

    /// `x`, the path, Enter: the effects that come out.
    func export(to path: String, in state: inout AppState) -> [Effect] {
        _ = reduce(&state, .keyPressed(.character("x")))
        #expect(state.view.mode == .command("export "))
        type(path, in: &state)
        return reduce(&state, .keyPressed(.enter))
    }

    @Test func xWritesTheRowsThatPassTheFilter() throws {
        var state = streaming()
        type("/Cancelled", in: &state)
        _ = reduce(&state, .keyPressed(.enter))
        let effects = export(to: "cancelled.jsonl", in: &state)
        guard case .export(let request)? = effects.first else { Issue.record("no export in \(effects)"); return }
        #expect(request.path == "cancelled.jsonl")
        #expect(request.records.map(\.offset) == [.sequence(11), .sequence(13)])
        #expect(request.what == "2 messages of the stream passing the filter")
        #expect(!request.overwrite)
        _ = reduce(&state, .exportEnded(.written(request)))
        #expect(state.view.notice?.text == "exported 2 messages of the stream passing the filter to cancelled.jsonl")
    }

    @Test func markedRowsAreExportedInsteadOfTheWholeStream() throws {
        var state = streaming()
        _ = reduce(&state, .keyPressed(.character("g")))
        _ = reduce(&state, .keyPressed(.character("m")))
        _ = reduce(&state, .keyPressed(.character("j")))
        _ = reduce(&state, .keyPressed(.character("j")))
        _ = reduce(&state, .keyPressed(.character("m")))
        #expect(state.view.stream.marked.count == 2)
        guard case .export(let request)? = export(to: "two.jsonl", in: &state).first else { Issue.record("no export"); return }
        #expect(request.records.map(\.offset) == [.sequence(10), .sequence(12)])
        #expect(request.what == "2 marked messages")
        // m again unmarks.
        _ = reduce(&state, .keyPressed(.character("m")))
        #expect(state.view.stream.marked.count == 1)
    }

    @Test func anExistingFileIsReplacedOnlyAfterY() throws {
        var state = streaming()
        guard case .export(let request)? = export(to: "out.jsonl", in: &state).first else { Issue.record("no export"); return }
        _ = reduce(&state, .exportEnded(.exists(request)))
        #expect(state.view.mode == .confirmOverwrite(request))
        let kept = reduce(&state, .keyPressed(.character("n")))
        #expect(kept.isEmpty)
        #expect(state.view.notice?.text == "export cancelled: out.jsonl left as it was")
        _ = reduce(&state, .exportEnded(.exists(request)))
        let replaced = reduce(&state, .keyPressed(.character("y")))
        var confirmed = request
        confirmed.overwrite = true
        #expect(replaced == [.export(confirmed)])
        #expect(state.view.mode == .normal)
    }

    @Test func nothingToExportIsSaidNotWritten() throws {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        let effects = export(to: "empty.jsonl", in: &state)
        #expect(effects.isEmpty)
        #expect(state.view.notice?.text == "nothing to export: the stream shows no message")
        _ = reduce(&state, .exportEnded(.failed(ExportRequest(path: "/x/y", records: [], what: "1 message"), reason: "No such file or directory")))
        #expect(state.view.notice?.text == "export to /x/y failed: No such file or directory")
    }
}
