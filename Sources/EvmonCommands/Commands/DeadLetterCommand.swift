import ArgumentParser
import EvmonConfig
import EvmonModel
import EvmonDeadLetters

/// `evmon dlq`: dead-letter queues, listed and replayed.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List dead letters with why they failed, and replay them safely.",
        subcommands: [DeadLetterListCommand.self, ReplayCommand.self])
}

/// `evmon dlq list`: every dead letter of the DLQ topics, explained.
struct DeadLetterListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List dead letters: where they came from, why they failed, whether they were replayed.",
        discussion: """
            Without topics, every topic whose name marks it as a dead-letter queue (.DLT, -dlt, .dlq,
            _dlq, dlq.*, error.*, dead-letter-topic-*, and the config file's dead_letters patterns),
            and every topic whose newest message carries a known convention's DLQ headers.
            Also the messages the broker itself reports as failing: Redis Streams entries delivered
            to a group at least poison_deliveries times (config file, default 3) without an ack,
            and NATS JetStream messages named by MAX_DELIVERIES / MSG_TERMINATED advisories that a
            stream captured. Naming such a stream lists only those.
            Replayed marks come from the audit log ($XDG_STATE_HOME/evmon/replays.jsonl).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Dead-letter topics to list (default: every one recognised by name or headers).")
    var topics: [String] = []

    @Option(help: "text (default, a table) or json (one object per line).")
    var format: ListFormat = .text

    func run() async throws {
        let resolved = try global.resolve()
        let adapter = try resolved.open()
        let reading = try await DeadLetterReading(adapter: adapter)
        for name in topics { _ = try reading.topic(name) }
        let (names, brokerReported) = try await reading.sources(topics.uniqued(), resolved.deadLetters)
        if let blindSpot = await adapter.brokerDeadLetterBlindSpot() { StandardError.report("evmon: note: " + blindSpot) }
        let auditLog = ReplayAuditLog()
        let (history, warning) = try auditLog.history(broker: adapter.displayURL)
        if let warning { StandardError.report("evmon: warning: " + warning) }
        let output = StandardOutput()
        var rows: [(time: Int64, cells: [String])] = []
        var reasons: [String: Int] = [:]
        func emit(_ record: Record, _ entry: DeadLetterEntry) throws {
            let mark = history[entry.id]
            switch format {
            case .json:
                DeadLetterJSON.appendLine(record, entry: entry, replayed: mark?.isReplayed ?? false, to: &output.buffer)
                try output.flushIfFull()
            case .text:
                rows.append((record.timestamp, [
                    record.topic, String(record.partition), record.offset.description, Timestamps.iso8601(record.timestamp),
                    entry.originDescription, mark?.words ?? "", entry.summary,
                ]))
                reasons[entry.fingerprint, default: 0] += 1
            }
        }
        try await reading.readToEnd(names) { record in
            try emit(record, resolved.deadLetters.entry(for: record, reference: RecordRef(topic: record.topic, partition: record.partition, arrival: 0)))
        }
        for deadLetter in brokerReported {
            let record = deadLetter.record
            try emit(record, resolved.deadLetters.entry(for: deadLetter, reference: RecordRef(topic: record.topic, partition: record.partition, arrival: 0)))
        }
        if format == .text {
            // Partitions arrive interleaved: people read failures in the order they happened.
            var table = Table(headers: ["DLQ TOPIC", "P", "OFFSET", "TIME", "ORIGIN", "REPLAYED", "REASON"], rightAligned: [1, 2])
            for row in rows.sorted(by: { $0.time < $1.time }) { table.add(row.cells) }
            for line in table.lines { try output.line(line) }
            if !reasons.isEmpty {
                var summary = Table(headers: ["COUNT", "REASON"], rightAligned: [0])
                for (reason, count) in reasons.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                    summary.add([String(count), reason])
                }
                try output.line("")
                for line in summary.lines { try output.line(line) }
            }
        }
        try output.flush()
        await adapter.shutdown()
    }
}
