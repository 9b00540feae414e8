import KafkaWire
import EvmonModel

extension KafkaCluster {
    /// ListOffsets for each partition at its time (or `ListOffsetsRequest.earliest`/`.latest`),
    /// each asked of its leader; leader moves are retried after a metadata refresh.
    func offsets(_ times: [TopicPartition: Int64]) async throws -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        var remaining = times
        try await KafkaRetry.run(self) {
            var byLeader: [Int32: [TopicPartition]] = [:]
            for topicPartition in remaining.keys.sorted() {
                guard let leader = try await leader(of: topicPartition) else {
                    throw KafkaRetry.brokerError(KafkaErrorCode.leaderNotAvailable.rawValue, "ListOffsets for \(topicPartition)")
                }
                byLeader[leader, default: []].append(topicPartition)
            }
            for (leader, partitions) in byLeader.sorted(by: { $0.key < $1.key }) {
                let request = ListOffsetsRequest(partitions: partitions.map {
                    .init(topic: $0.topic, partition: Int32($0.partition), timestamp: remaining[$0]!)
                })
                let response: ListOffsetsResponse
                do {
                    response = try await connection(node: leader).send(request, as: ListOffsetsResponse.self)
                } catch let error as KafkaConnectionError {
                    connectionFailed(node: leader)
                    throw error
                }
                for answer in response.partitions {
                    let topicPartition = TopicPartition(topic: answer.topic, partition: Int(answer.partition))
                    guard remaining[topicPartition] != nil else { continue }
                    guard answer.errorCode == 0 else {
                        throw KafkaRetry.brokerError(answer.errorCode, "ListOffsets for \(topicPartition)")
                    }
                    // Offsets below zero mean "none" (-1) or are nonsense; none is the start. An end
                    // is the larger of ListOffsets' and the latest Fetch answer's.
                    var offset = max(0, answer.offset)
                    if remaining[topicPartition] == ListOffsetsRequest.latest, let fetched = fetchedHighWatermark(of: topicPartition) {
                        offset = max(offset, fetched)
                    }
                    result[topicPartition] = offset
                    remaining[topicPartition] = nil
                }
            }
            guard remaining.isEmpty else {
                throw KafkaRetry.brokerError(KafkaErrorCode.unknownTopicOrPartition.rawValue, "ListOffsets for \(remaining.keys.sorted().map(\.description).joined(separator: ", "))")
            }
        }
        return result
    }

    /// Start and end offsets of every partition listed.
    func bounds(_ partitions: [TopicPartition]) async throws -> (start: [TopicPartition: Int64], end: [TopicPartition: Int64]) {
        let start = try await offsets(Dictionary(partitions.map { ($0, ListOffsetsRequest.earliest) }) { first, _ in first })
        let end = try await offsets(Dictionary(partitions.map { ($0, ListOffsetsRequest.latest) }) { first, _ in first })
        return (start, end)
    }
}
