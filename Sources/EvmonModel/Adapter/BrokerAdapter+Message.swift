extension BrokerAdapter {
    /// The one message at `offset` of a partition, or `nil` when the broker no longer holds it
    /// (retention took it, or the offset is past the end).
    public func message(at offset: Offset, in topicPartition: TopicPartition) async throws -> Record? {
        let request = TailRequest(topics: [topicPartition.topic], partitions: [topicPartition.partition], start: .offset(offset), maxBatchSize: 1)
        for try await event in tail(request) {
            switch event {
            case .records(let batch):
                // A tail from a removed offset starts at the oldest one held: not this message.
                return batch.records.first { $0.offset == offset }
            case .caughtUp:
                return nil
            case .partitionFailed(_, let reason):
                throw EvmonError.broker(url: displayURL, reason: "\(topicPartition): \(reason)")
            case .connection, .startMoved, .notice:
                continue
            }
        }
        return nil
    }
}

extension BrokerAdapter {
    /// Topics are topics: only NATS reads subjects within them.
    public var tailsSubjects: Bool { false }

    /// Kafka and the demo broker keep dead letters in DLQ topics only.
    public func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter] { [] }

    /// Live brokers serve what they hold: nothing to say.
    public func readingNotice() async -> String? { nil }

    /// Nothing to miss where the broker reports no dead letters of its own.
    public func brokerDeadLetterBlindSpot() async -> String? { nil }
}
