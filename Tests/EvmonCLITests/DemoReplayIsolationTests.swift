import EvmonTestSupport
import Foundation
import Testing

/// `dlq replay --yes` on `demo://` must not mark a dead letter of a later `demo://` process as
/// replayed: each unpinned demo world is new (docs/CLI.md "dlq replay").
@Suite struct DemoReplayIsolationTests {
    @Test func aReplayInOneDemoRunIsNotMarkedInTheNext() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let environment = ["XDG_STATE_HOME": state]
        let replayed = try EvmonProcess.run(
            ["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes", "--broker", "demo://"], environment: environment)
        #expect(replayed.exitCode == 0, "\(replayed.standardError)")
        #expect(replayed.lines.last?.hasPrefix("replayed orders-dlt/0/0 to orders/") == true, "\(replayed.standardOutput)")

        let listed = try jsonLines(try EvmonProcess.run(["dlq", "list", "orders-dlt", "--broker", "demo://", "--format", "json"], environment: environment))
        let first = try #require(listed.first { $0["partition"] as? Int == 0 && $0["offset"] as? Int == 0 })
        #expect(first["replayed"] as? Bool == false, "a new demo world has replayed nothing")
        #expect(listed.allSatisfy { $0["replayed"] as? Bool == false })
        let log = try String(contentsOfFile: state + "/evmon/replays.jsonl", encoding: .utf8)
        #expect(log.contains(#""broker":"demo:// (unpinned, run "#), "\(log)")
    }

    @Test func aPinnedDemoWorldRemembersItsReplays() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let environment = ["XDG_STATE_HOME": state]
        let replayed = try EvmonProcess.run(
            ["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes", "--broker", pinnedDemo], environment: environment)
        #expect(replayed.exitCode == 0, "\(replayed.standardError)")
        let listed = try jsonLines(try EvmonProcess.run(["dlq", "list", "orders-dlt", "--broker", pinnedDemo, "--format", "json"], environment: environment))
        let first = try #require(listed.first { $0["partition"] as? Int == 0 && $0["offset"] as? Int == 0 })
        #expect(first["replayed"] as? Bool == true)
    }
}
