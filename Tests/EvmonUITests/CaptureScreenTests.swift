import EvmonApp
import EvmonJSON
import EvmonModel
import EvmonRuntime
import EvmonTestSupport
import EvmonUI
import Foundation
import Testing
@testable import EvmonBrokers

/// A capture made of the pinned demo, reopened as `file://`, on screen: the same stream and
/// dead letters as the live session at the same instant; the lag pane says why it is empty.
@Suite struct CaptureScreenTests {
    /// Everything the demo holds now, as `tail --format json` lines in the order delivered.
    static func capture(of broker: DemoBroker) async throws -> TemporaryFile {
        let topics = try await broker.listTopics()
        var open = Set(topics.flatMap { topic in topic.partitions.map { TopicPartition(topic: topic.name, partition: $0.id) } })
        var lines: [UInt8] = []
        for try await event in broker.tail(TailRequest(topics: topics.map(\.name).sorted(), start: .earliest)) {
            switch event {
            case .records(let batch): for record in batch.records { RecordJSON.appendLine(record, to: &lines) }
            case .caughtUp(let topicPartition): open.remove(topicPartition)
            default: break
            }
            if open.isEmpty { break }
        }
        return try TemporaryFile(data: Data(lines))
    }

    /// Lines `rows` of columns `columns` of a screen dump.
    static func region(_ dump: String, rows: Range<Int>, columns: Range<Int>) -> [String] {
        let lines = dump.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        return rows.map { row in String(lines[row][columns.clamped(to: 0..<lines[row].count)]) }
    }

    @Test func aCaptureOfTheDemoShowsTheLiveStreamAndDeadLettersAt160x48() async throws {
        let live = DemoSessionFixture(width: 160, height: 48)
        try await live.settle()
        let file = try await Self.capture(of: live.broker)
        let clock = ManualClock(startingAt: live.clock.now())
        let broker = try FileBroker(path: file.path, clock: clock, pollInterval: .milliseconds(1))
        let session = MonitorSession(
            adapter: broker, clock: clock,
            configure: { view in
                view.width = 160
                view.height = 48
            },
            frameInterval: .milliseconds(5), tickInterval: .seconds(3600), present: { _ in })
        await session.start()
        let ends = try await broker.listTopics()
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            let state = await session.state
            let done = !state.tailedTopics.isEmpty && state.tailedTopics.allSatisfy { name in
                guard let topic = state.topics[name], let metadata = ends.first(where: { $0.name == name }) else { return false }
                return metadata.partitions.allSatisfy { partition in
                    topic.buffer.partitions[partition.id]?.newest?.record.offset.sequenceValue.map { .sequence($0 + 1) } == partition.endOffset
                }
            } && state.topics.values.allSatisfy { $0.metadata.partitions.count == 3 }
            if done { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let liveScreen = ScreenRenderer.render(await live.session.state).textDump()
        let captureScreen = ScreenRenderer.render(await session.state).textDump()
        // The stream pane (right of the topics) and the dead-letter pane, row for row.
        #expect(Self.region(captureScreen, rows: 0..<25, columns: 63..<159) == Self.region(liveScreen, rows: 0..<25, columns: 63..<159))
        #expect(Self.region(captureScreen, rows: 26..<35, columns: 0..<63) == Self.region(liveScreen, rows: 26..<35, columns: 0..<63))
        // The capture's temporary path is the one thing that differs from run to run.
        let stable = captureScreen.replacingOccurrences(of: "file://" + file.path, with: "file://capture.jsonl")
        if let diff = GoldenFile.mismatch(stable, name: "capture-overview-160x48.txt", directory: GoldenScreenTests.directory) {
            Issue.record(Comment(rawValue: diff))
        }
        await session.stop()
    }
}
