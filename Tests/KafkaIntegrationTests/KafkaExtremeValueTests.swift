import EvmonTestSupport
import Foundation
import Testing

/// Extreme values a real broker accepts, written by the reference client
/// (`scripts/produce_extremes.py`): timestamps of −10¹⁴ ms, 2⁶³ − 1 and 0 (which librdkafka
/// replaces with the time of producing), and a Spring Kafka dead letter whose origin offset and
/// timestamp are −2⁶³ and whose exception message carries an OSC title change. Every command and
/// the TUI show them without a trap, and without passing the escape to the terminal.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"), .timeLimit(.minutes(2)))
struct KafkaExtremeValueTests {
    /// Plants the extremes on a fresh topic (and its `-dlt`) of `bootstrap`; returns the topic.
    static func plant(bootstrap: String? = nil) async throws -> String {
        let topic = KafkaTestBroker.uniqueTopic("extremes")
        try await KafkaTestBroker.python("produce_extremes.py", [try bootstrap ?? KafkaTestBroker.bootstrap(), topic])
        return topic
    }

    /// Timestamps −10¹⁴ and 2⁶³ − 1 are printed, as text, JSON and a kcat format, one line each.
    @Test(arguments: ["text", "json", "%T %k %s\\n"])
    func tailPrintsExtremeTimestamps(format: String) async throws {
        let topic = try await Self.plant()
        let outcome = try await KafkaTestBroker.evmon(["tail", topic, "--from", "earliest", "-e", "--format", format], timeout: 30)
        expectNoTrap(outcome)
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.lines.count == 3, "\(outcome.standardOutput)")
        switch format {
        case "json":
            let records = try outcome.lines.map(TailedRecord.init(line:))
            #expect(records.map(\.offset) == [0, 1, 2])
            #expect(records.map { $0.key.map { String(decoding: $0, as: UTF8.self) } } == ["extreme-0", "extreme-1", "extreme-2"])
            #expect(records.prefix(2).map(\.timestamp) == [-100_000_000_000_000, .max], "the broker keeps them as they were written")
        case "text":
            for index in 0..<3 { #expect(outcome.lines.contains { $0.contains("\(topic)/0@\(index)") }, "\(outcome.standardOutput)") }
        default:
            #expect(outcome.lines.first?.hasPrefix("-100000000000000 extreme-0 ") == true, "\(outcome.standardOutput)")
            #expect(outcome.lines.dropFirst().first?.hasPrefix("9223372036854775807 extreme-1 ") == true, "\(outcome.standardOutput)")
        }
    }

    /// The Spring dead letter with origin offset and timestamp −2⁶³ and an escape in its
    /// exception message lists in the table and in JSON, with the escape shown, not sent.
    @Test func dlqListShowsTheDeadLetterWithoutRawEscapes() async throws {
        let topic = try await Self.plant()
        let table = try await KafkaTestBroker.evmon(["dlq", "list", "\(topic)-dlt"], timeout: 30)
        expectNoTrap(table)
        #expect(table.exitCode == 0, "stderr: \(table.standardError)")
        #expect(table.standardOutput.contains("\(topic)-dlt"), "\(table.standardOutput)")
        #expect(table.standardOutput.contains("Listener failed"), "\(table.standardOutput)")
        let json = try await KafkaTestBroker.evmon(["dlq", "list", "\(topic)-dlt", "--format", "json"], timeout: 30)
        expectNoTrap(json)
        #expect(json.exitCode == 0, "stderr: \(json.standardError)")
        #expect(json.lines.count == 1, "\(json.standardOutput)")
        let entry = try TailJSON.object(try #require(json.lines.first))
        #expect(entry["dlqTopic"] as? String == "\(topic)-dlt")
        #expect(entry["originalTopic"] as? String == topic, "\(entry)")
        #expect(entry["convention"] as? String == "spring", "\(entry)")
    }

    /// Time-based watches (unique within, followed_by, not_followed_by, rate, ordered) over
    /// timestamps −10¹⁴ and 2⁶³ − 1 reach a verdict (exit 0 or 1), in text and JSON.
    @Test(arguments: ["text", "json"])
    func timeBasedWatchesReachAVerdict(format: String) async throws {
        let topic = try await Self.plant()
        let watches = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-extreme-watches-\(UUID().uuidString).yaml")
        try """
            watches:
              - name: unique n within a minute
                topic: \(topic)
                non_json: skip
                unique: { key: .n, within: 1m }
              - name: followed by its dead letter
                topic: \(topic)
                non_json: skip
                followed_by: { topic: \(topic)-dlt, match: .n, within: 5s }
              - name: not followed by a dead letter
                topic: \(topic)
                non_json: skip
                not_followed_by: { topic: \(topic)-dlt, match: .n, within: 5s }
              - name: keeps flowing
                topic: \(topic)
                rate: { min: 1, per: 10s }
              - name: ordered by n
                topic: \(topic)
                non_json: skip
                ordered: { by: .n, per: key }

            """.write(to: watches, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: watches) }
        let outcome = try await KafkaTestBroker.evmon(
            ["check", "--watches", watches.path, "--from", "earliest", "--until", "5s", "--format", format], timeout: 40)
        expectNoTrap(outcome)
        #expect([0, 1].contains(outcome.exitCode), "a verdict: exit \(outcome.exitCode), stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.contains("keeps flowing"), "\(outcome.standardOutput)")
    }

    /// The TUI on a broker of the test's own: the stream pane shows the three messages, Enter on
    /// the one at −10¹⁴ ms details it, the DLQ pane lists the dead letter and details it, and the
    /// program is still running with its pane title untouched by the escape.
    @Test func theTUIShowsTheExtremesAndKeepsRunning() async throws {
        let broker = try await ProxiedTansu()
        defer { broker.stop() }
        let topic = try await Self.plant(bootstrap: broker.bootstrap)
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "kafka://\(broker.bootstrap)"], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC", "XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path])
        defer { session.kill() }
        // Waiting polls tmux with blocking sleeps: off the cooperative threads.
        let (stream, detail, dlq, dlqDetail) = try await onOwnThread { () throws -> (String, String, String, String) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: topic, timeout: 20)
            try session.sendText(":topic \(topic)")
            try session.sendKeys("Enter")
            try session.waitFor(text: "Stream · \(topic)", timeout: 20)
            let stream = try session.waitFor("all three messages", timeout: 20) { screen in
                (0..<3).allSatisfy { screen.contains("extreme-\($0)") }
            }
            // Following puts the cursor on the newest message (offset 2): up twice is offset 0.
            try session.sendKeys("k", "k", "Enter")
            let detail = try session.waitFor(text: "Detail · \(topic)/0@0", timeout: 20)
            try session.sendKeys("5", "z")
            // The dead letter's key: its coordinates may be cut to the column's width.
            let dlq = try session.waitFor(text: "extreme-dlt", timeout: 20)
            try session.sendKeys("j", "Enter")
            let dlqDetail = try session.waitFor(text: "Detail · \(topic)-dlt/0@0", timeout: 20)
            return (stream, detail, dlq, dlqDetail)
        }
        #expect(stream.contains("\"timestamp\": -100000000000000"), "\(stream)")
        #expect(detail.contains("-100000000000000"), "\(detail)")
        #expect(dlq.contains("Listener failed"), "\(dlq)")
        #expect(!dlq.contains("-9223372036854775808"), "an origin offset of Long.MIN_VALUE is unknown, not shown: \(dlq)")
        #expect(dlqDetail.contains("spring"), "\(dlqDetail)")
        #expect(session.isRunning, "evmon ui ended (status \(session.exitStatus.map(String.init) ?? "?")): \(dlqDetail)")
        #expect(!session.paneTitle.contains("owned"), "the OSC title change reached the terminal: \(session.paneTitle)")
        try session.sendKeys("q")
        let status = try await onOwnThread { session.waitForExit(timeout: 10) }
        #expect(status == 0)
    }
}

/// The run ended on its own, without a trap, and wrote no raw ESC from the broker's bytes.
private func expectNoTrap(_ outcome: EvmonProcess.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!outcome.timedOut, "hung: \(outcome.standardError)", sourceLocation: sourceLocation)
    #expect(
        !outcome.standardError.contains("Fatal error") && !outcome.standardError.contains("runtime failure"),
        "trapped: \(outcome.standardError.prefix(1500))", sourceLocation: sourceLocation)
    #expect(!outcome.standardOutput.unicodeScalars.contains("\u{1B}"), "a raw ESC on stdout: \(outcome.standardOutput)", sourceLocation: sourceLocation)
    #expect(!outcome.standardError.unicodeScalars.contains("\u{1B}"), "a raw ESC on stderr: \(outcome.standardError)", sourceLocation: sourceLocation)
}
