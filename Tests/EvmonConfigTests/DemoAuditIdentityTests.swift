import EvmonConfig
import Foundation
import Testing
import EvmonModel
import EvmonDeadLetters

/// A demo world not pinned by `start` is new each run, so its replay history must not match
/// across runs; a pinned one is the same world every run and keeps its history.
@Suite struct DemoAuditIdentityTests {
    let source = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(3))
    let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 0), offset: .sequence(9))

    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evmon-audit-\(UUID().uuidString)/replays.jsonl").path
    }

    func replay(_ broker: String, in log: ReplayAuditLog) throws {
        try log.append(ReplayJournalEntry(attempt: "a", at: 1, broker: broker, source: source, event: .finished(.replayed(position))))
    }

    @Test(arguments: ["demo://", "demo://?seed=7", "demo://?seed=7&rate=50"])
    func unpinnedDemoHistoryStaysInItsRun(broker: String) throws {
        let file = path()
        let firstRun = ReplayAuditLog(path: file, run: "run-one")
        try replay(broker, in: firstRun)
        #expect(try firstRun.history(broker: broker).history[source]?.replayed == position, "the run itself sees its replay")
        let laterRun = ReplayAuditLog(path: file, run: "run-two")
        #expect(try laterRun.history(broker: broker).history.marks.isEmpty, "another run is another world")
        let line = try String(contentsOfFile: file, encoding: .utf8)
        #expect(line.contains(#""broker":"\#(broker) (unpinned, run run-one)""#), "\(line)")
    }

    @Test(arguments: ["demo://?start=1764115200000", "demo://?seed=7&start=1764115200000", "kafka://127.0.0.1:9092"])
    func pinnedWorldsAndRealBrokersKeepTheirHistory(broker: String) throws {
        let file = path()
        try replay(broker, in: ReplayAuditLog(path: file, run: "run-one"))
        #expect(try ReplayAuditLog(path: file, run: "run-two").history(broker: broker).history[source]?.replayed == position)
        #expect(ReplayAuditLog(path: file).brokerKey(broker) == broker)
    }
}
