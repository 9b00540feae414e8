import EvmonModel
import EvmonDeadLetters

/// Reads dead letters from a broker for `dlq list` and `dlq replay`.
struct DeadLetterReading {
    let adapter: any BrokerAdapter
    let metadata: [TopicMetadata]

    init(adapter: any BrokerAdapter) async throws {
        self.adapter = adapter
        metadata = try await brokerCall(adapter) { try await adapter.listTopics() }
    }

    /// The topic's metadata; an unknown topic is a usage error (exit 2).
    func topic(_ name: String) throws(EvmonError) -> TopicMetadata {
        guard let found = metadata.first(where: { $0.name == name }) else {
            throw .unknownTopic(name, known: metadata.map(\.name).sorted())
        }
        return found
    }

    /// Every dead-letter topic: those whose names say so, and those whose newest message carries
    /// a DLQ convention's headers (Kafka Connect and Karafka name theirs freely). Internal
    /// topics (`__…`) are not probed.
    func deadLetterTopics(_ recognizer: DeadLetterRecognizer) async throws -> [String] {
        let named = metadata.map(\.name).filter(recognizer.isDeadLetterTopic)
        let others = metadata.filter { !recognizer.isDeadLetterTopic($0.name) && !$0.name.hasPrefix("__") && $0.messageCount > 0 }
        let partitions = others.flatMap { topic in topic.partitions.map { TopicPartition(topic: topic.name, partition: $0.id) } }
        let found = try await brokerCall(adapter) { try await adapter.deadLetterTopics(among: partitions) }
        return found.union(named).sorted()
    }

    /// What `dlq list` reads: the DLQ topics (`requested`, or every one recognised) and the
    /// dead letters the broker itself reports outside them. A requested topic that is not a DLQ
    /// by name but holds broker-reported dead letters contributes those only, not every message.
    func sources(_ requested: [String], _ recognizer: DeadLetterRecognizer) async throws -> (topics: [String], brokerReported: [BrokerDeadLetter]) {
        let reported = try await brokerCall(adapter) { try await adapter.brokerDeadLetters(minimumDeliveries: recognizer.poisonDeliveries) }
        let holders = Set(reported.map(\.record.topic))
        let topics: [String]
        if requested.isEmpty {
            topics = try await deadLetterTopics(recognizer)
        } else {
            topics = requested.filter { recognizer.isDeadLetterTopic($0) || !holders.contains($0) }
        }
        // A pending entry of a DLQ topic is listed once, as that topic's message.
        let listed = Set(topics)
        let wanted = requested.isEmpty ? nil : Set(requested)
        return (topics, reported.filter { !listed.contains($0.record.topic) && (wanted?.contains($0.record.topic) ?? true) })
    }

    /// The broker-reported dead letter at these coordinates, if the broker reports one there.
    func brokerReported(_ record: Record, _ recognizer: DeadLetterRecognizer) async throws -> BrokerDeadLetter? {
        let reported = try await brokerCall(adapter) { try await adapter.brokerDeadLetters(minimumDeliveries: recognizer.poisonDeliveries) }
        return reported.first { $0.record.topic == record.topic && $0.record.partition == record.partition && $0.record.offset == record.offset }
    }

    /// Hands every record of `topics` to `body`, from the earliest to the end each partition had
    /// when reading started; returns once every partition has caught up.
    func readToEnd(_ topics: [String], _ body: (Record) throws -> Void) async throws {
        var remaining = Set<TopicPartition>()
        for name in topics {
            for partition in try topic(name).partitions { remaining.insert(TopicPartition(topic: name, partition: partition.id)) }
        }
        guard !remaining.isEmpty else { return }
        try await brokerCall(adapter) {
            for try await event in adapter.tail(TailRequest(topics: topics, start: .earliest)) {
                switch event {
                case .records(let batch):
                    for record in batch.records { try body(record) }
                case .caughtUp(let topicPartition):
                    remaining.remove(topicPartition)
                case .partitionFailed(let topicPartition, let reason):
                    throw EvmonError.broker(url: adapter.displayURL, reason: "\(topicPartition): \(reason)")
                case .notice(let notice):
                    StandardError.report("evmon: warning: \(notice)")
                case .connection, .startMoved:
                    break
                }
                if remaining.isEmpty { return }
            }
        }
    }

    /// The one message at `offset` of `topic`/`partition`; a missing one is a usage error.
    func record(_ topic: String, partition: Int, offset: Offset) async throws -> Record {
        let known = try self.topic(topic)
        guard let bounds = known.partitions.first(where: { $0.id == partition }) else {
            throw EvmonError.unknownPartition(topic: topic, partition: partition, count: known.partitions.count)
        }
        var held = ""
        if case .sequence(let start)? = bounds.startOffset, case .sequence(let end)? = bounds.endOffset {
            held = end > start ? " (it holds offsets \(start)…\(end - 1))" : " (it is empty)"
        }
        let missing = EvmonError.usage("\(topic)/\(partition) has no message at offset \(offset)\(held)")
        let found = try await brokerCall(adapter) { try await adapter.message(at: offset, in: TopicPartition(topic: topic, partition: partition)) }
        guard let found else { throw missing }
        return found
    }
}
