import ArgumentParser
import EvmonConfig
import EvmonTerminal
import Foundation

#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonRuntime
import EvmonDeadLetters

/// `evmon dlq replay`: sends one dead letter back to its original topic, safely (docs/BROKERS.md
/// "Replay"): confirm first, dry-run shows exactly what goes out, original key and
/// partition, DLQ headers stripped, a replay header added, every attempt in the audit log.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay one dead letter to its original topic (after confirming).",
        discussion: """
            The message keeps its key. It goes to its original partition when the DLQ headers \
            name it, else to the partition murmur2 of the key picks. The DLQ's own headers are \
            left out, and evmon-replay-of: <dlq>/<partition>/<offset> and evmon-replay-at are \
            added. Produced with acks=all.

            Every attempt is appended to $XDG_STATE_HOME/evmon/replays.jsonl. Without a \
            terminal, --yes is required. A timeout after sending is reported as "outcome \
            unknown" (exit 3): the message may have been written.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The dead-letter topic.")
    var dlqTopic: String

    @Option(help: "The dead letter's partition.")
    var partition: Int

    @Option(parsing: .unconditional, help: "The dead letter's offset (a Redis entry id for Redis).")
    var offset: String

    @Option(help: "Replay to this topic instead of the original one.")
    var to: String?

    @Flag(help: "Edit the value in $VISUAL / $EDITOR before replaying.")
    var edit = false

    @Flag(help: "Print exactly what would be sent, and send nothing.")
    var dryRun = false

    @Flag(help: "Replay without asking (required without a terminal).")
    var yes = false

    @Option(help: "text (default) or json (one object per line): the plan, then the outcome.")
    var format: ReplayOutput.Format = .text

    func validate() throws {
        guard partition >= 0 else { throw ValidationError("--partition must be ≥ 0, not \(partition)") }
        guard Offset(parsing: Substring(offset)) != nil else { throw ValidationError("--offset must be an offset like 42 (or a Redis id like 1716123456789-0), not '\(offset)'") }
    }

    func run() async throws {
        let resolved = try global.resolve()
        let terminal = isatty(STDIN_FILENO) == 1
        // Refusals come before any broker is contacted: nothing is read that will not be used.
        if !dryRun {
            if let reason = resolved.readOnlyReason {
                throw EvmonError.writeRefused("read-only (\(reason)): dlq replay would write to the broker; --dry-run shows what it would send")
            }
            if !yes, !terminal {
                throw EvmonError.writeRefused("no terminal to confirm on: pass --yes to replay without asking, or --dry-run to see what would be sent")
            }
        }
        let adapter = try resolved.open()
        let reading = try await DeadLetterReading(adapter: adapter)
        let record = try await reading.record(dlqTopic, partition: partition, offset: Offset(parsing: Substring(offset))!)
        let reference = RecordRef(topic: record.topic, partition: record.partition, arrival: 0)
        var entry = resolved.deadLetters.entry(for: record, reference: reference)
        // A message the broker reports as failing (a Redis pending entry, a NATS advisory's
        // message) sits in its own stream and goes back there.
        if entry.originalTopic == nil, let reported = try await reading.brokerReported(record, resolved.deadLetters) {
            entry = resolved.deadLetters.entry(for: reported, reference: reference)
        }
        let target = try to ?? entry.originalTopic ?? askForTarget(entry, terminal: terminal)
        // With --to-broker, the target topic is the writer's: its partitions decide.
        let elsewhere = dryRun ? nil : try resolved.openWriter()
        let partitionCount: Int
        if let elsewhere {
            partitionCount = try await Self.partitionCount(of: target, on: elsewhere)
        } else {
            partitionCount = try reading.topic(target).partitions.count
        }
        let auditLog = ReplayAuditLog()
        let (history, warning) = try auditLog.history(broker: adapter.displayURL)
        if let warning { StandardError.report("evmon: warning: " + warning) }
        var plan = try ReplayPlanner.plan(
            record, entry: entry, to: target, partitionCount: partitionCount, mark: history[entry.id], at: SystemClock().now())
        if edit {
            let edited = try await ReplayEditing.edit(plan, adapter: adapter) { bytes, fileExtension throws(EvmonError) in
                try ExternalEditor.edit(bytes, fileExtension: fileExtension, environment: ProcessInfo.processInfo.environment)
            }
            guard let edited else { throw EvmonError.writeRefused("edit cancelled (the editor failed or quit without saving): nothing sent") }
            plan = edited
        }
        let output = StandardOutput()
        ReplayOutput.appendPlan(plan, json: format == .json, dryRun: dryRun, to: &output.buffer)
        try output.flush()
        if dryRun {
            await adapter.shutdown()
            return
        }
        for warning in plan.warnings { StandardError.report("evmon: warning: \(warning)") }
        if !yes {
            guard Self.confirm("replay \(plan.source) to \(plan.targetDescription)? [y/N] ") else {
                throw EvmonError.writeRefused("replay cancelled: nothing sent")
            }
        }
        let outcome = try await ReplayExecutor(adapter: elsewhere ?? adapter, journal: auditLog, clock: SystemClock()).send(plan)
        await adapter.shutdown()
        await elsewhere?.shutdown()
        switch outcome {
        case .replayed:
            ReplayOutput.appendOutcome(plan, outcome, json: format == .json, to: &output.buffer)
            try output.flush()
        case .failed(let reason):
            throw EvmonError.broker(url: adapter.displayURL, reason: "replay of \(plan.source) failed: \(reason)")
        case .unknown(let reason):
            throw EvmonError.outcomeUnknown(url: adapter.displayURL, reason: "replay of \(plan.source): \(reason)")
        }
    }

    /// The partitions of `topic` on the broker written to (`--to-broker`).
    private static func partitionCount(of topic: String, on writer: any BrokerAdapter) async throws -> Int {
        let topics = try await brokerCall(writer) { try await writer.listTopics() }
        guard let found = topics.first(where: { $0.name == topic }) else {
            throw EvmonError.unknownTopic(topic, known: topics.map(\.name).sorted())
        }
        return found.partitions.count
    }

    /// Asks for the target topic when nothing says where the dead letter came from.
    private func askForTarget(_ entry: DeadLetterEntry, terminal: Bool) throws(EvmonError) -> String {
        guard terminal else {
            throw .usage("\(entry.id): origin unknown (no DLQ headers, and the topic's name does not say); name the target with --to")
        }
        StandardError.write("\(entry.id): origin unknown; replay to which topic? ")
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else {
            throw .writeRefused("no target topic given: nothing sent")
        }
        return answer
    }

    private static func confirm(_ question: String) -> Bool {
        StandardError.write(question)
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
