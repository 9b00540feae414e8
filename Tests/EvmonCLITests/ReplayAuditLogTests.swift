import EvmonConfig
import EvmonCore
import Foundation
import Testing

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
}
