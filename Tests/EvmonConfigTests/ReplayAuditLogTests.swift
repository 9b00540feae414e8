import EvmonConfig
import Foundation
import Testing
import EvmonModel
import EvmonDeadLetters

@Suite struct ReplayAuditLogTests {
    let source = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(5))

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evmon-audit-\(UUID().uuidString)").path
    }

    @Test func livesUnderXDGStateHome() {
        #expect(ReplayAuditLog(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/evmon/replays.jsonl")
        #expect(ReplayAuditLog(environment: ["HOME": "/h"]).path == "/h/.local/state/evmon/replays.jsonl")
    }

    @Test func appendsPrivatelyAndReadsBackPerBroker() throws {
        let log = ReplayAuditLog(environment: ["XDG_STATE_HOME": folder()])
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 2), offset: .sequence(9))
        try log.append(ReplayJournalEntry(attempt: "a", at: 1, broker: "kafka://one:9092", source: source, event: .finished(.replayed(position))))
        try log.append(ReplayJournalEntry(attempt: "b", at: 2, broker: "kafka://two:9092", source: source, event: .finished(.failed("x"))))
        let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: (log.path as NSString).deletingLastPathComponent)
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        #expect(try log.history(broker: "kafka://one:9092").history[source]?.replayed == position)
        #expect(try log.history(broker: "kafka://two:9092").history[source]?.isReplayed == false)
        #expect(try log.history(broker: "kafka://three:9092").history.marks.isEmpty)
    }

    @Test func aLogThatCannotBeWrittenRefusesTheReplay() throws {
        // A file where the folder should be: nothing can be created under it.
        let blocked = folder()
        #expect(FileManager.default.createFile(atPath: blocked, contents: Data()))
        let log = ReplayAuditLog(environment: ["XDG_STATE_HOME": blocked])
        #expect {
            try log.append(ReplayJournalEntry(attempt: "a", at: 1, broker: "demo://", source: source, event: .finished(.failed("x"))))
        } throws: { error in
            guard case .writeRefused(let why)? = error as? EvmonError else { return false }
            return why.contains("replay audit log")
        }
        #expect(try log.history(broker: "demo://").history.marks.isEmpty, "a missing log is an empty history")
    }

    @Test func aDamagedLogLosesOnlyItsDamagedLines() throws {
        let log = ReplayAuditLog(environment: ["XDG_STATE_HOME": folder()])
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 0), offset: .sequence(1))
        try log.append(ReplayJournalEntry(attempt: "a", at: 1, broker: "demo://", source: source, event: .finished(.replayed(position))))
        // Numbers no Int64 holds, and a line cut short by a full disk with no newline after it.
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"attempt":"x","at":1e400,"event":"failed","broker":"demo://","dlqTopic":"orders-dlt","dlqPartition":0,"dlqOffset":6}"#.utf8 + [0x0A]))
        try handle.write(contentsOf: Data(#"{"attempt":"y","at":1,"event":"failed","broker":"demo://","dlqTopic":"orders-dlt","dlqPartition":1e19,"dlqOffset":-1.5}"#.utf8 + [0x0A]))
        try handle.write(contentsOf: Data(#"{"attempt":"z","at":2,"ev"#.utf8))
        try handle.close()
        let other = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(7))
        try log.append(ReplayJournalEntry(attempt: "b", at: 3, broker: "demo://", source: other, event: .finished(.replayed(position))))
        let (history, warning) = try log.history(broker: "demo://")
        #expect(history[source]?.replayed == position)
        #expect(history[other]?.replayed == position, "the entry after the cut line starts a line of its own")
        #expect(warning?.contains("3 unreadable lines skipped") == true, "\(warning ?? "no warning")")
    }

    @Test func aLinkWhereTheLogLivesIsNeitherFollowedForWritingNorForReading() throws {
        let state = folder()
        let log = ReplayAuditLog(environment: ["XDG_STATE_HOME": state])
        try FileManager.default.createDirectory(atPath: state + "/evmon", withIntermediateDirectories: true)
        let target = state + "/elsewhere"
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        try FileManager.default.createSymbolicLink(atPath: log.path, withDestinationPath: target)
        #expect(throws: EvmonError.self) {
            try log.append(ReplayJournalEntry(attempt: "a", at: 1, broker: "demo://", source: source, event: .finished(.failed("x"))))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).isEmpty)
        try FileManager.default.removeItem(atPath: log.path)
        try FileManager.default.createSymbolicLink(atPath: log.path, withDestinationPath: "/dev/zero")
        #expect(throws: EvmonError.self) { try log.history(broker: "demo://") }
    }
}
