import KafkaWire
import EvmonBrokerKit
import EvmonModel

extension KafkaBroker {
    /// Produces one message with acks=all, to its partition or the one murmur2 of its key picks.
    ///
    /// Retried only while the broker certainly did not store it (no connection, the request
    /// refused before the socket, an error code in the answer). Once the request was handed to the
    /// socket, a timeout or a lost connection throws `EvmonError.outcomeUnknown`: the broker may
    /// have stored the message, and sending it again could store it twice (a replay duplicated).
    ///
    ///     let position = try await broker.produce(OutgoingMessage(topic: "orders", key: key, value: value))
    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
        try Self.checkTopicName(message.topic)
        return try await call {
            try await KafkaRetry.run(cluster) {
                guard let ids = try await knownPartitions(of: message.topic), !ids.isEmpty else {
                    throw EvmonError.unknownTopic(message.topic, known: (try? await cluster.topics().keys.sorted()) ?? [])
                }
                let partition: Int
                if let explicit = message.partition {
                    guard ids.contains(explicit) else {
                        throw EvmonError.unknownPartition(topic: message.topic, partition: explicit, count: ids.count)
                    }
                    partition = explicit
                } else if let key = message.key {
                    partition = ids[Murmur2Partitioner.partition(forKey: key, partitionCount: ids.count)]
                } else {
                    partition = ids[Int(clock.now() % Int64(ids.count))]
                }
                let topicPartition = TopicPartition(topic: message.topic, partition: partition)
                guard let leader = try await cluster.leader(of: topicPartition) else {
                    throw KafkaRetry.brokerError(KafkaErrorCode.leaderNotAvailable.rawValue, "Produce to \(topicPartition)")
                }
                let batch = RecordBatchEncoder.encode(
                    [.init(key: message.key, value: message.value, headers: message.headers.map { ($0.name, $0.value) })],
                    baseTimestamp: clock.now())
                let response = try await sendOnce(
                    ProduceRequest(topic: message.topic, partition: Int32(partition), records: batch), to: leader, for: topicPartition)
                if let answer = Self.appendedButUnconfirmed[response.errorCode] {
                    throw EvmonError.outcomeUnknown(
                        url: cluster.displayURL,
                        reason: "Produce to \(topicPartition) was answered \(answer): the leader appended it, but its replicas did not all confirm")
                }
                // Any other error code is the broker saying it did not store the message: safe to retry.
                guard response.errorCode == 0 else {
                    throw KafkaRetry.brokerError(response.errorCode, "Produce to \(topicPartition)" + (response.errorMessage.map { " (\($0))" } ?? ""))
                }
                return ProducedPosition(topicPartition: topicPartition, offset: .sequence(response.baseOffset))
            }
        }
    }

    /// Codes a broker answers a Produce with after appending it to the leader's log: the replicas
    /// did not confirm in time (REQUEST_TIMED_OUT, retriable for reads), or too few are in sync.
    /// The message may stay, so these are neither a failure nor safe to retry.
    static let appendedButUnconfirmed: [Int16: String] = [
        KafkaErrorCode.requestTimedOut.rawValue: KafkaErrorCode.describe(KafkaErrorCode.requestTimedOut.rawValue),
        20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND (20)",
    ]

    /// Sends `request` to `leader`; a failure after the request may have reached the broker
    /// becomes `outcomeUnknown`, which `KafkaRetry.run` passes through without retrying.
    private func sendOnce(_ request: ProduceRequest, to leader: Int32, for topicPartition: TopicPartition) async throws -> ProduceResponse {
        // Connecting is kept apart from sending: a handshake that times out sent no Produce.
        let connection: any KafkaBrokerConnection
        do {
            connection = try await cluster.connection(node: leader)
        } catch let error as KafkaConnectionError {
            await cluster.connectionFailed(node: leader)
            throw error
        }
        do {
            return try await connection.send(request, as: ProduceResponse.self)
        } catch {
            let mayHaveReachedBroker = KafkaRetry.mayHaveReachedBroker(error)
            if mayHaveReachedBroker || error is KafkaConnectionError { await cluster.connectionFailed(node: leader) }
            guard mayHaveReachedBroker else { throw error }
            throw EvmonError.outcomeUnknown(
                url: cluster.displayURL, reason: "Produce to \(topicPartition) got no answer: \(NetworkErrorText.describe(error))")
        }
    }
}
