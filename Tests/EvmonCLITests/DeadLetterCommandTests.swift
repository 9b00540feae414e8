import EvmonTestSupport
import Foundation
import Testing

/// `evmon dlq list` and `evmon dlq replay` on the pinned demo, whose orders-dlt carries Spring
/// Kafka's headers pointing at the real originals.
@Suite struct DeadLetterCommandTests {
    let listShape: Set<String> = [
        "dlqTopic", "partition", "offset", "timestamp", "key", "value", "headers", "originalTopic",
        "originalPartition", "originalOffset", "reason", "exception", "convention", "replayed",
    ]

    func stateFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path
    }

    func list(_ state: String? = nil) throws -> [[String: Any]] {
        let outcome = try evmon("dlq", "list", "--broker", pinnedDemo, "--format", "json", environment: state.map { ["XDG_STATE_HOME": $0] } ?? [:])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        return try jsonLines(outcome)
    }

    @Test func listExplainsEveryDeadLetterInCLIShape() throws {
        let entries = try list()
        #expect(!entries.isEmpty)
        for entry in entries {
            #expect(Set(entry.keys) == listShape)
            #expect(entry["dlqTopic"] as? String == "orders-dlt")
            #expect(entry["convention"] as? String == "spring")
            #expect(entry["originalTopic"] as? String == "orders")
            #expect(entry["originalPartition"] is Int)
            #expect(entry["originalOffset"] is Int)
            #expect((entry["reason"] as? String)?.isEmpty == false)
            #expect((entry["exception"] as? String)?.contains(".") == true)
            #expect(entry["replayed"] as? Bool == false)
        }
    }

    @Test func theTableGroupsReasonsAndUnknownTopicsAreUsageErrors() throws {
        let outcome = try evmon("dlq", "list", "orders-dlt", "--broker", pinnedDemo)
        #expect(outcome.exitCode == 0)
        #expect(outcome.lines.first?.hasPrefix("DLQ TOPIC") == true)
        #expect(outcome.lines.contains { $0.hasPrefix("COUNT") && $0.contains("REASON") })
        expectOneLineError(try evmon("dlq", "list", "nope", "--broker", pinnedDemo), code: 2, mentioning: "unknown topic 'nope'")
    }

    @Test func dryRunPrintsExactlyWhatWouldBeSentAndSendsNothing() throws {
        let state = stateFolder()
        let first = try #require(try list(state).first)
        let partition = try #require(first["partition"] as? Int)
        let offset = try #require(first["offset"] as? Int)
        let outcome = try evmon(
            "dlq", "replay", "orders-dlt", "--partition", "\(partition)", "--offset", "\(offset)", "--dry-run", "--format", "json",
            "--broker", pinnedDemo, "--read-only", environment: ["XDG_STATE_HOME": state])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let plan = try #require(try jsonLines(outcome).first)
        #expect(plan["dryRun"] as? Bool == true)
        #expect(plan["topic"] as? String == "orders")
        #expect(plan["partition"] as? Int == first["originalPartition"] as? Int)
        #expect(plan["route"] as? String == "original")
        #expect(plan["key"] as? String == first["key"] as? String)
        #expect(plan["value"] as? String == first["value"] as? String)
        let headers = try #require(plan["headers"] as? [[Any]])
        let names = headers.compactMap { $0.first as? String }
        #expect(!names.contains { $0.hasPrefix("kafka_dlt-") })
        #expect(headers.contains { ($0.first as? String) == "evmon-replay-of" && ($0.last as? String) == "orders-dlt/\(partition)/\(offset)" })
        #expect(names.contains("evmon-replay-at"))
        #expect(!FileManager.default.fileExists(atPath: state + "/evmon/replays.jsonl"), "a dry run is not a replay")
        let text = try evmon("dlq", "replay", "orders-dlt", "--partition", "\(partition)", "--offset", "\(offset)", "--dry-run", "--broker", pinnedDemo)
        #expect(text.lines.first?.hasPrefix("dry run") == true)
        #expect(text.lines.contains { $0.hasPrefix("to") && $0.contains("orders/") && $0.contains("original partition") })
    }

    @Test func writesAreRefusedWithoutATerminalOrWhenReadOnly() throws {
        let replay = ["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--broker", pinnedDemo]
        expectOneLineError(try EvmonProcess.run(replay), code: 2, mentioning: "pass --yes")
        expectOneLineError(try EvmonProcess.run(replay + ["--yes", "--read-only"]), code: 2, mentioning: "read-only (--read-only)")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("evmon"), withIntermediateDirectories: true)
        try "default: prod\nprofiles:\n  prod:\n    broker: \"\(pinnedDemo)\"\n    read_only: true\n"
            .write(to: config.appendingPathComponent("evmon/config.yaml"), atomically: true, encoding: .utf8)
        let profile = try EvmonProcess.run(["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes"], environment: ["XDG_CONFIG_HOME": config.path])
        expectOneLineError(profile, code: 2, mentioning: "profile 'prod' has read_only: true")
        expectOneLineError(try EvmonProcess.run(replay + ["--yes", "--edit"]), code: 2, mentioning: "terminal")
    }

    @Test func replayingSendsRecordsAndMarksTheEntry() throws {
        let state = stateFolder()
        let first = try #require(try list(state).first)
        let partition = try #require(first["partition"] as? Int)
        let offset = try #require(first["offset"] as? Int)
        let arguments = ["dlq", "replay", "orders-dlt", "--partition", "\(partition)", "--offset", "\(offset)", "--yes", "--broker", pinnedDemo]
        let outcome = try EvmonProcess.run(arguments, environment: ["XDG_STATE_HOME": state])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let original = try #require(first["originalPartition"] as? Int)
        #expect(outcome.lines.last?.hasPrefix("replayed orders-dlt/\(partition)/\(offset) to orders/\(original)@") == true, "\(outcome.standardOutput)")
        let log = try String(contentsOfFile: state + "/evmon/replays.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(log.count == 2)
        #expect(log[0].contains(#""event":"sending""#))
        #expect(log[1].contains(#""event":"replayed""#))
        let relisted = try list(state)
        let marked = relisted.filter { $0["replayed"] as? Bool == true }
        #expect(marked.count == 1)
        #expect(marked.first?["offset"] as? Int == offset)
        // Again: it goes (with --yes) but warns that it duplicates the first replay.
        let again = try EvmonProcess.run(arguments, environment: ["XDG_STATE_HOME": state])
        #expect(again.exitCode == 0)
        #expect(again.standardError.contains("already replayed"))
    }

    @Test func missingMessagesAndTargetsAreUsageErrors() throws {
        let base = ["dlq", "replay", "orders-dlt", "--partition", "0", "--broker", pinnedDemo, "--yes"]
        expectOneLineError(try EvmonProcess.run(base + ["--offset", "99999999"]), code: 2, mentioning: "has no message at offset 99999999")
        expectOneLineError(try EvmonProcess.run(base + ["--offset", "0", "--to", "nope"]), code: 2, mentioning: "unknown topic 'nope'")
        expectOneLineError(try EvmonProcess.run(["dlq", "replay", "nope", "--partition", "0", "--offset", "0", "--yes", "--broker", pinnedDemo]), code: 2, mentioning: "unknown topic 'nope'")
    }

    @Test func aDamagedAuditLogIsReportedNotFatal() throws {
        let state = stateFolder()
        try FileManager.default.createDirectory(atPath: state + "/evmon", withIntermediateDirectories: true)
        try "garbage\n".write(toFile: state + "/evmon/replays.jsonl", atomically: true, encoding: .utf8)
        let outcome = try evmon("dlq", "list", "--broker", pinnedDemo, "--format", "json", environment: ["XDG_STATE_HOME": state])
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardError.contains("1 unreadable line"))
        #expect(!outcome.lines.isEmpty)
    }

    @Test func anUnreachableBrokerIsExitThreeAndSendsNothing() throws {
        let state = stateFolder()
        expectOneLineError(try evmon("dlq", "list", "--broker", "kafka://127.0.0.1:1"), code: 3, mentioning: "cannot reach kafka://127.0.0.1:1")
        let replay = try EvmonProcess.run(
            ["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes", "--broker", "kafka://127.0.0.1:1"],
            environment: ["XDG_STATE_HOME": state])
        expectOneLineError(replay, code: 3, mentioning: "cannot reach kafka://127.0.0.1:1")
        #expect(!FileManager.default.fileExists(atPath: state + "/evmon/replays.jsonl"))
    }

    @Test func concurrentReplaysKeepEveryAuditLine() throws {
        let state = stateFolder()
        let coordinates = try list(state).prefix(4).map { entry in
            (try #require(entry["partition"] as? Int), try #require(entry["offset"] as? Int))
        }
        // Four processes append at once: every line must stay whole.
        DispatchQueue.concurrentPerform(iterations: coordinates.count) { index in
            let (partition, offset) = coordinates[index]
            _ = try? EvmonProcess.run(
                ["dlq", "replay", "orders-dlt", "--partition", "\(partition)", "--offset", "\(offset)", "--yes", "--broker", pinnedDemo],
                environment: ["XDG_STATE_HOME": state])
        }
        let lines = try String(contentsOfFile: state + "/evmon/replays.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 8)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "torn line: \(line)")
        }
        #expect(try list(state).filter { $0["replayed"] as? Bool == true }.count == 4)
    }
}
