import EvmonTestSupport
import Foundation
import Testing
import EvmonDeadLetters

/// A replay whose Produce reached the broker but whose answer never came back: neither a
/// failure (it was written) nor a success (nobody confirmed it), so "outcome unknown".
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs Tansu (make test)"))
struct KafkaDeadLetterOutcomeTests {
    @Test func aReplayWhoseAnswerIsLostIsOutcomeUnknownAndWarnsBeforeItIsSentAgain() async throws {
        let broker = try await ProxiedTansu()
        defer { broker.stop() }
        let url = "kafka://\(broker.bootstrap)"
        let deadLetter = try #require(try await PlantedDeadLetter.plant(.spring, count: 1, bootstrap: broker.bootstrap).first)
        let partition = try #require(deadLetter.originalPartition)
        let state = ReplayState()
        // Marks are per broker URL, so every run goes through the same (proxy) address.
        let replay = [
            "dlq", "replay", deadLetter.dlqTopic, "--partition", String(deadLetter.dlqPartition), "--offset", String(deadLetter.dlqOffset),
            "--yes", "--format", "json", "--broker", url,
        ]
        func list(_ format: String) async throws -> EvmonProcess.Outcome {
            try await runEvmon(["dlq", "list", deadLetter.dlqTopic, "--format", format, "--broker", url], environment: state.environment)
        }

        // Metadata still flows, so evmon finds the leader; only the Produce's answer is lost.
        try await broker.toggleBlackHole(on: true)
        let lost = try await runEvmon(replay, environment: state.environment, timeout: 30)
        #expect(lost.exitCode == 3, "stderr: \(lost.standardError)")
        #expect(lost.elapsed > 7 && lost.elapsed < 14, "took \(lost.elapsed) s; evmon's request timeout is 8 s")
        let errors = lost.standardError.split(separator: "\n")
        #expect(errors.count == 1 && errors[0].contains("outcome unknown") && errors[0].contains("may duplicate"), "\(lost.standardError)")
        #expect(broker.log.contains("swallowed"), "the proxy held back no answer: \(broker.log)")
        // The plan was printed before sending; no position follows, since none came back.
        let printed = try jsonObjects(lost.standardOutput)
        #expect(printed.count == 1 && printed.first?["dryRun"] as? Bool == false, "\(lost.standardOutput)")
        let attempt = try state.auditLog()
        #expect(attempt.map { $0["event"] as? String } == ["sending", "unknown"])
        #expect(attempt.count == 2 && attempt[0]["attempt"] as? String == attempt[1]["attempt"] as? String)
        #expect((attempt.last?["error"] as? String)?.contains("no answer") == true, "\(attempt)")
        try await broker.toggleBlackHole(on: false)

        // It was in fact written: Tansu stored it before its answer got lost.
        let stored = try await ReferencePartition.read(deadLetter.originalTopic, partition: partition, bootstrap: broker.bootstrap)
        #expect(stored.messages.map { $0.header(DeadLetterHeaders.replayOf) } == [deadLetter.id])
        #expect(stored.messages.first?.value == deadLetter.value)
        // Not marked replayed, and the table says why.
        #expect(try jsonObjects(try await list("json").standardOutput).map { $0["replayed"] as? Bool } == [false])
        #expect(try await list("table").lines.contains { $0.contains("outcome unknown") })

        // Sent again (--yes confirms it), it goes, warned that it may duplicate: and it does.
        let again = try await runEvmon(replay, environment: state.environment, timeout: 30)
        #expect(again.exitCode == 0, "stderr: \(again.standardError)")
        #expect(again.standardError.contains("may duplicate"), "stderr: \(again.standardError)")
        let outcome = try #require(try jsonObjects(again.standardOutput).last)
        #expect(outcome["outcome"] as? String == "replayed" && outcome["partition"] as? Int == partition && outcome["offset"] as? Int == 1)
        let twice = try await ReferencePartition.read(deadLetter.originalTopic, partition: partition, bootstrap: broker.bootstrap)
        #expect(twice.messages.map { $0.header(DeadLetterHeaders.replayOf) } == [deadLetter.id, deadLetter.id])
        #expect(try state.auditLog().map { $0["event"] as? String } == ["sending", "unknown", "sending", "replayed"])
        #expect(try jsonObjects(try await list("json").standardOutput).map { $0["replayed"] as? Bool } == [true])
    }
}
