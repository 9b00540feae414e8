import EvmonApp
import EvmonModel
@testable import EvmonRuntime
import EvmonTestSupport
import EvmonWatches
import Foundation
import Testing

@Suite struct WatchSupervisorTests {
    private let requireOrderID = WatchDefinition(name: "order ids", topics: ["orders"], kind: .require(["order_id"]))

    @Test func aLoadedFileJudgesWhatTheMonitorAlreadyBuffered() throws {
        let supervisor = WatchSupervisor(load: { [requireOrderID] _ in [requireOrderID] }, initialPath: nil)
        let loaded = supervisor.load("watches.yaml", over: try state(buffering: [#"{"order_id":"o1"}"#, #"{"sku":"s1"}"#]))
        guard case .watchesLoaded(let path, let results, let topics) = loaded else {
            Issue.record("expected watchesLoaded, got \(loaded)")
            return
        }
        #expect(path == "watches.yaml")
        #expect(topics == ["orders"])
        #expect(results.map(\.evaluated) == [2])
        #expect(results.map(\.failures) == [1])
    }

    @Test func aFileThatFailsToLoadIsReportedWithItsReason() throws {
        let supervisor = WatchSupervisor(load: { _ throws(EvmonError) in throw .usage("watches.yaml:3:5: unknown kind 'sometimes'") }, initialPath: nil)
        let loaded = supervisor.load("watches.yaml", over: try state(buffering: []))
        #expect(loaded == .watchesFailed(path: "watches.yaml", error: "watches.yaml:3:5: unknown kind 'sometimes'"))
        #expect(supervisor.judge(.recordsFetched(RecordFixtures.batch(offsets: 0..<1))) == nil)
    }

    @Test func newRecordsChangeTheResultsOnlyWhenTheEngineMoved() throws {
        let supervisor = WatchSupervisor(load: { [requireOrderID] _ in [requireOrderID] }, initialPath: nil)
        _ = supervisor.load("watches.yaml", over: try state(buffering: []))
        let failing = RecordBatch(
            topicPartition: TopicPartition(topic: "orders", partition: 0),
            records: [RecordFixtures.record(offset: 0, value: #"{"sku":"s1"}"#)])
        let judged = try #require(supervisor.judge(.recordsFetched(failing)))
        #expect(judged.map(\.failures) == [1])
        let elsewhere = RecordBatch(
            topicPartition: TopicPartition(topic: "payments", partition: 0),
            records: [RecordFixtures.record(topic: "payments", offset: 0, value: #"{"sku":"s1"}"#)])
        #expect(supervisor.judge(.recordsFetched(elsewhere)) == nil)
        #expect(supervisor.judge(.clockTicked(at: 5_000)) == nil)
    }

    @Test func reloadReadsTheSameFileAgainAndNothingWhenNoneWasLoaded() throws {
        let supervisor = WatchSupervisor(load: { [requireOrderID] _ in [requireOrderID] }, initialPath: nil)
        #expect(supervisor.reload(over: try state(buffering: [])) == nil)
        _ = supervisor.load("watches.yaml", over: try state(buffering: []))
        let reloaded = supervisor.reload(over: try state(buffering: [#"{"sku":"s1"}"#]))
        guard case .watchesLoaded(let path, let results, _) = reloaded else {
            Issue.record("expected watchesLoaded, got \(String(describing: reloaded))")
            return
        }
        #expect(path == "watches.yaml")
        #expect(results.map(\.failures) == [1])
    }

    @Test func anEditedFileIsNoticedOnDisk() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("watches.yaml", "first")
        let supervisor = WatchSupervisor(load: { [requireOrderID] _ in [requireOrderID] }, initialPath: path)
        _ = supervisor.load(path, over: try state(buffering: []))
        #expect(supervisor.changedFile() == nil)
        // A modification time a minute later, as an editor's save would leave.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: path)
        #expect(supervisor.changedFile() == path)
    }

    /// A monitor state that has read `values` from orders/0 (offsets from 0).
    private func state(buffering values: [String]) throws -> AppState {
        var state = AppState(brokerURL: "demo://", now: 1_000)
        let metadata = TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(Int64(values.count)))])
        _ = reduce(&state, .topicsListed([metadata], at: 1_000))
        let records = values.enumerated().map { RecordFixtures.record(offset: Int64($0.offset), value: $0.element) }
        if !records.isEmpty {
            _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders", partition: 0), records: records)))
        }
        return state
    }
}
