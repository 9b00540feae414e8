import EvmonModel

extension BrokerAdapter {
    /// The topics among `partitions` whose newest message (in any partition) carries a DLQ
    /// convention's headers; reads one message per partition and stops when all are read.
    public func deadLetterTopics(among partitions: [TopicPartition]) async throws -> Set<String> {
        let topics = Array(Set(partitions.map(\.topic))).sorted()
        guard !topics.isEmpty else { return [] }
        var remaining = Set(partitions)
        var found: Set<String> = []
        for try await event in tail(TailRequest(topics: topics, start: .lastMessages(1))) {
            switch event {
            case .records(let batch):
                if batch.records.contains(where: { DeadLetterConvention.recognized(in: $0) != nil }) { found.insert(batch.topicPartition.topic) }
            case .caughtUp(let topicPartition), .partitionFailed(let topicPartition, _):
                remaining.remove(topicPartition)
            case .connection, .startMoved, .notice:
                break
            }
            if remaining.isEmpty { break }
        }
        return found
    }
}
