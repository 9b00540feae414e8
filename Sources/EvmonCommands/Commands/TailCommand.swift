import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonJSON

/// `evmon tail`: print messages of topics, from a start position, following like `tail -f`.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print messages of one or more topics; follows forever unless --count or -e.",
        discussion: """
            --from: earliest | latest (default) | N (offset) | -N (last N per partition) | @EPOCH_MS.
            --format: text (default), json (one object per line, docs/CLI.md), or a kcat -f string:
            %t topic, %p partition, %o offset, %k key, %s value, %T timestamp, %h headers,
            %S value size, %K key size, \\n, \\t.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Topics to tail.")
    var topics: [String]

    // `.unconditional` so that `--from -10` is a value, not an unknown flag.
    @Option(parsing: .unconditional, help: "Where to start in each partition.")
    var from: String = "latest"

    @Option(help: "Only this partition (repeatable).")
    var partition: [Int] = []

    @Option(parsing: .unconditional, help: "Stop after N messages.")
    var count: Int?

    @Flag(name: [.customShort("e"), .customLong("exit-at-end")], help: "Stop when every partition has reached its end.")
    var exitAtEnd = false

    @Option(help: "json, text, or a kcat format string.")
    var format: String = "text"

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic") }
        if let count, count <= 0 { throw ValidationError("--count must be a positive whole number, not \(count)") }
        if let negative = partition.first(where: { $0 < 0 }) { throw ValidationError("--partition must be ≥ 0, not \(negative)") }
    }

    func run() async throws {
        let start = try StartPosition(parsing: from)
        let recordFormat = try RecordFormat(parsing: format)
        let broker = try global.resolve()
        let adapter = try broker.open()
        let metadata = try await brokerCall(adapter) { try await adapter.listTopics() }
        // Where the adapter reads subjects (NATS), a topic may also be a subject some stream
        // captures; the adapter resolves it (or fails with the same unknown-topic error).
        let partitions = try Self.partitionsToRead(topics: topics, only: partition, metadata: metadata, subjectTopics: adapter.tailsSubjects)

        let request = TailRequest(topics: topics, partitions: partition.isEmpty ? nil : Set(partition), start: start)
        let output = StandardOutput()
        var printed = 0
        var notYetAtEnd = partitions
        var failedPartitions = 0
        var reconnecting = false
        // Read once: an ArgumentParser property is a wrapper whose getter showed in profiles
        // when it was read per record.
        let limit = count
        try await brokerCall(adapter) {
            for try await event in adapter.tail(request) {
                switch event {
                case .records(let batch):
                    for record in batch.records {
                        recordFormat.append(record, to: &output.buffer)
                        printed += 1
                        if printed == limit { return }
                    }
                    try output.flush()
                case .caughtUp(let topicPartition):
                    notYetAtEnd.remove(topicPartition)
                    if exitAtEnd, notYetAtEnd.isEmpty { return }
                case .partitionFailed(let topicPartition, let reason):
                    try output.flush()
                    StandardError.report("evmon: \(adapter.displayURL): \(topicPartition): \(reason)")
                    failedPartitions += 1
                    notYetAtEnd.remove(topicPartition)
                    if exitAtEnd, notYetAtEnd.isEmpty { return }
                case .connection(let state):
                    // One line per outage, not one per retry.
                    if case .reconnecting(_, let reason) = state {
                        if !reconnecting { StandardError.report("evmon: \(adapter.displayURL): \(reason); reconnecting") }
                        reconnecting = true
                    } else if state == .connected {
                        reconnecting = false
                    }
                }
            }
        }
        try output.flush()
        await adapter.shutdown()
        // Each failed partition was reported on its own line as it failed; the exit code says so too.
        if failedPartitions > 0 { Glibc.exit(3) }
    }

    /// Every partition the tail will read; unknown topics and partitions are errors (exit 2).
    /// With `subjectTopics` (NATS), a name the metadata lacks may be a subject a stream captures:
    /// it is read as partition 0, and the adapter says whether it is known.
    static func partitionsToRead(topics: [String], only: [Int], metadata: [TopicMetadata], subjectTopics: Bool = false) throws(EvmonError) -> Set<TopicPartition> {
        var result: Set<TopicPartition> = []
        for topic in topics {
            guard let known = metadata.first(where: { $0.name == topic }) else {
                if subjectTopics {
                    for id in only where id != 0 { throw .unknownPartition(topic: topic, partition: id, count: 1) }
                    result.insert(TopicPartition(topic: topic, partition: 0))
                    continue
                }
                throw .unknownTopic(topic, known: metadata.map(\.name).sorted())
            }
            let ids = known.partitions.map(\.id)
            for id in only where !ids.contains(id) {
                throw .unknownPartition(topic: topic, partition: id, count: ids.count)
            }
            for id in only.isEmpty ? ids : only { result.insert(TopicPartition(topic: topic, partition: id)) }
        }
        return result
    }
}
