import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonJSON
import EvmonPresentation

/// `evmon tail`: print messages of topics, from a start position, following like `tail -f`.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print messages of one or more topics; follows forever unless --count or -e.",
        discussion: """
            --from, -o: earliest | latest (default) | N (offset) | -N (last N of each
              partition) | -5m (a time ago: s, m, h, d) | 2026-11-26T10:15Z | @EPOCH_MS;
              kcat's beginning, end and s@EPOCH_MS, and e@EPOCH_MS (kcat's end time).
            --until: each partition stops at its first message at or after a time (now,
              -5m, an ISO 8601 time, @EPOCH_MS) or an offset; that message is not printed.
            --filter: the TUI's filter: text (smart case), re:REGEX, jq:EXPR, !json,
              narrowed by value:, key: or header:NAME:.
            --format, -f: text (default), json (one object per line, docs/CLI.md), or a
              kcat format: %t topic, %p partition, %o offset, %k key, %s value,
              %T timestamp, %h headers, %S value size, %K key size, \\n, \\t.
            kcat's consumer flags work as they are, for example
              evmon tail -C -b HOST:PORT -t TOPIC -p 0 -o beginning -e -J
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Topics to tail.")
    var topics: [String] = []

    @OptionGroup(title: "kcat's flags") var kcat: KcatTailOptions

    // `.unconditional` so that `--from -10` is a value, not an unknown flag.
    @Option(name: [.customLong("from"), .customShort("o")], parsing: .unconditionalSingleValue, help: "Where to start in each partition (and kcat's e@EPOCH_MS end).")
    var from: [String] = []

    // `.unconditional` so that `--until -5m` is a value, not an unknown flag.
    @Option(parsing: .unconditional, help: "Where each partition stops: a time (now, -5m, 2026-11-26T10:15Z, @EPOCH_MS) or an offset, not printed.")
    var until: String?

    @Option(help: "Print only messages this filter passes: text, re:REGEX, jq:EXPR, !json, with value:, key: or header:NAME:.")
    var filter: String?

    @Option(name: [.long, .customShort("p")], help: "Only this partition (repeatable).")
    var partition: [Int] = []

    @Option(name: [.long, .customShort("c")], parsing: .unconditional, help: "Stop after N messages.")
    var count: Int?

    @Flag(name: [.customShort("e"), .customLong("exit-at-end")], help: "Stop when every partition has reached its end.")
    var exitAtEnd = false

    @Option(name: [.long, .customShort("f")], help: "text (default), json (one object per line), or a kcat format string.")
    var format: String?

    /// Positional topics and kcat's `-t`, in the order given.
    var allTopics: [String] { topics + kcat.topics }

    func validate() throws {
        guard !allTopics.isEmpty else { throw ValidationError("name at least one topic") }
        if let count, count <= 0 { throw ValidationError("--count must be a positive whole number, not \(count)") }
        if let negative = partition.first(where: { $0 < 0 }) { throw ValidationError("--partition must be ≥ 0, not \(negative)") }
        if kcat.jsonEnvelope, format != nil { throw ValidationError("-J and --format both choose the output; give one") }
    }

    func run() async throws {
        let bounds = try TailBounds(parsing: from, until: until, defaultStart: kcat.consumerMode ? .earliest : .latest)
        let passing = try filter.map { (text) throws(EvmonError) in try StreamFilter(parsing: text) }
        let recordFormat = kcat.jsonEnvelope ? .kcatEnvelope : try RecordFormat(parsing: format ?? "text")
        var brokerOptions = global
        if let url = try kcat.brokerURL(conflictingWith: global.broker) { brokerOptions.broker = url }
        let broker = try brokerOptions.resolve()
        let topics = allTopics
        let adapter = try broker.open()
        let metadata = try await brokerCall(adapter) { try await adapter.listTopics() }
        // Where the adapter reads subjects (NATS), a topic may also be a subject some stream
        // captures; the adapter resolves it (or fails with the same unknown-topic error).
        let partitions = try Self.partitionsToRead(topics: topics, only: partition, metadata: metadata, subjectTopics: adapter.tailsSubjects)

        let request = TailRequest(topics: topics, partitions: partition.isEmpty ? nil : Set(partition), start: bounds.start)
        let output = StandardOutput()
        var printed = 0
        // Partitions still to finish: by reaching their end (-e) or kcat's e@ end time.
        var notYetAtEnd = partitions
        let stopAt = bounds.stopAt
        let stopAtOffset = bounds.stopAtOffset
        let endsPartitions = exitAtEnd || stopAt != nil || stopAtOffset != nil
        var stopped: Set<TopicPartition> = []
        var failedPartitions = 0
        var reconnecting = false
        // Read once: an ArgumentParser property is a wrapper whose getter showed in profiles
        // when it was read per record.
        let limit = count
        try await brokerCall(adapter) {
            for try await event in adapter.tail(request) {
                switch event {
                case .records(let batch):
                    if stopped.contains(batch.topicPartition) { continue }
                    // The filter judges a batch at once (jq in one hop to its thread).
                    let passes = passing?.matches(batch.records)
                    // Through the array's storage: `for record in` copies each record out (a
                    // retain and a release of each of its arrays), which showed in profiles.
                    let ended = batch.records.withUnsafeBufferPointer { records -> Bool in
                        for index in records.indices {
                            if let stopAt, records[index].timestamp >= stopAt {
                                // --until or kcat's e@: this partition is done, and this record is not printed.
                                stopped.insert(batch.topicPartition)
                                notYetAtEnd.remove(batch.topicPartition)
                                return notYetAtEnd.isEmpty
                            }
                            if let stopAtOffset, records[index].offset >= stopAtOffset {
                                stopped.insert(batch.topicPartition)
                                notYetAtEnd.remove(batch.topicPartition)
                                return notYetAtEnd.isEmpty
                            }
                            if let passes, !passes[index] { continue }
                            recordFormat.append(records[index], to: &output.buffer)
                            printed += 1
                            if printed == limit { return true }
                        }
                        return false
                    }
                    if ended { return }
                    try output.flush()
                case .caughtUp(let topicPartition):
                    if exitAtEnd { notYetAtEnd.remove(topicPartition) }
                    if endsPartitions, notYetAtEnd.isEmpty { return }
                case .startMoved(let topicPartition, let reason):
                    StandardError.report("evmon: \(adapter.displayURL): \(topicPartition): \(reason)")
                case .notice(let notice):
                    try output.flush()
                    StandardError.report("evmon: warning: \(notice)")
                case .partitionFailed(let topicPartition, let reason):
                    try output.flush()
                    StandardError.report("evmon: \(adapter.displayURL): \(topicPartition): \(reason)")
                    failedPartitions += 1
                    notYetAtEnd.remove(topicPartition)
                    if endsPartitions, notYetAtEnd.isEmpty { return }
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
