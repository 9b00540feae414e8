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
        try await produce(batch: [message], compression: .none)[0].get()
    }

    /// Produces `messages` with acks=all: each partition's share as record batches of at most
    /// `maximumBatchBytes`, in order, the partitions at the same time. Retried as `produce(_:)`
    /// is. A message without a partition goes where murmur2 of its key points, as Java's and
    /// librdkafka's default partitioners place it; without a key, every such message of the
    /// batch goes to one partition (the sticky partitioner's choice, which keeps batches full).
    public func produce(batch messages: [OutgoingMessage], compression: ProduceCompression) async -> [ProduceOutcome] {
        var outcomes = [ProduceOutcome?](repeating: nil, count: messages.count)
        var shares: [TopicPartition: [Int]] = [:]
        var partitionsOf: [String: Result<[Int], EvmonError>] = [:]
        let sticky = Int(UInt64(bitPattern: clock.now()) % 1_000_003)
        for (index, message) in messages.enumerated() {
            let known: Result<[Int], EvmonError>
            if let resolved = partitionsOf[message.topic] {
                known = resolved
            } else {
                known = await outcome { try await self.partitions(of: message.topic) }
                partitionsOf[message.topic] = known
            }
            switch known.flatMap({ Self.partition(for: message, among: $0, sticky: sticky) }) {
            case .success(let partition):
                shares[TopicPartition(topic: message.topic, partition: partition), default: []].append(index)
            case .failure(let error):
                outcomes[index] = .failure(error)
            }
        }
        let codec = Decompressor.Codec(compression)
        await withTaskGroup(of: [(Int, ProduceOutcome)].self) { group in
            for (topicPartition, indices) in shares {
                let share = indices.map { messages[$0] }
                group.addTask {
                    let written = await self.produceShare(share, to: topicPartition, codec: codec)
                    return zip(indices, written).map { ($0, $1) }
                }
            }
            for await written in group {
                for (index, outcome) in written { outcomes[index] = outcome }
            }
        }
        return outcomes.map { $0! }
    }

    /// Payload bytes per record batch: within the brokers' default `message.max.bytes`
    /// (1,048,588) with room for the batch's own framing; a larger message goes alone.
    static let maximumBatchBytes = 1_000_000

    /// The partitions of `topic`, or why they cannot be known.
    private func partitions(of topic: String) async throws -> [Int] {
        try Self.checkTopicName(topic)
        return try await KafkaRetry.run(cluster) {
            guard let ids = try await knownPartitions(of: topic), !ids.isEmpty else {
                throw EvmonError.unknownTopic(topic, known: (try? await cluster.topics().keys.sorted()) ?? [])
            }
            return ids
        }
    }

    /// The partition a message goes to among the topic's `ids`.
    static func partition(for message: OutgoingMessage, among ids: [Int], sticky: Int) -> Result<Int, EvmonError> {
        if let explicit = message.partition {
            guard ids.contains(explicit) else {
                return .failure(.unknownPartition(topic: message.topic, partition: explicit, count: ids.count))
            }
            return .success(explicit)
        }
        if let key = message.key { return .success(ids[Murmur2Partitioner.partition(forKey: key, partitionCount: ids.count)]) }
        return .success(ids[sticky % ids.count])
    }

    /// Writes one partition's messages in order, batch after batch; once one batch fails, the
    /// rest are not sent, so nothing lands after a gap.
    private func produceShare(_ messages: [OutgoingMessage], to topicPartition: TopicPartition, codec: Decompressor.Codec) async -> [ProduceOutcome] {
        var outcomes: [ProduceOutcome] = []
        outcomes.reserveCapacity(messages.count)
        var start = 0
        while start < messages.count {
            var end = start
            var bytes = 0
            while end < messages.count, end == start || bytes + messages[end].payloadByteCount <= Self.maximumBatchBytes {
                bytes += messages[end].payloadByteCount
                end += 1
            }
            let chunk = messages[start..<end]
            let written = await outcome { try await self.produceBatch(chunk, to: topicPartition, codec: codec) }
            switch written {
            case .success(let baseOffset):
                // The base offset is the broker's word: held at Int64's bounds, never trapped on.
                for index in 0..<chunk.count {
                    outcomes.append(.success(ProducedPosition(topicPartition: topicPartition, offset: .sequence(baseOffset.clampedAdding(Int64(index))))))
                }
            case .failure(let error):
                outcomes.append(contentsOf: repeatElement(.failure(error), count: chunk.count))
                let notSent = EvmonError.broker(url: cluster.displayURL, reason: "not sent: an earlier batch to \(topicPartition) failed")
                outcomes.append(contentsOf: repeatElement(.failure(notSent), count: messages.count - end))
                return outcomes
            }
            start = end
        }
        return outcomes
    }

    /// Sends one record batch to the partition's leader; its base offset.
    private func produceBatch(_ chunk: ArraySlice<OutgoingMessage>, to topicPartition: TopicPartition, codec: Decompressor.Codec) async throws -> Int64 {
        let batch = RecordBatchEncoder.encode(
            chunk.map { .init(key: $0.key, value: $0.value, headers: $0.headers.map { ($0.name, $0.value) }) }, baseTimestamp: clock.now(), codec: codec)
        return try await KafkaRetry.run(cluster) {
            guard let leader = try await cluster.leader(of: topicPartition) else {
                throw KafkaRetry.brokerError(KafkaErrorCode.leaderNotAvailable.rawValue, "Produce to \(topicPartition)")
            }
            let response = try await sendOnce(
                ProduceRequest(topic: topicPartition.topic, partition: Int32(topicPartition.partition), records: batch), to: leader, for: topicPartition)
            if let answer = Self.appendedButUnconfirmed[response.errorCode] {
                throw EvmonError.outcomeUnknown(
                    url: cluster.displayURL,
                    reason: "Produce to \(topicPartition) was answered \(answer): the leader appended it, but its replicas did not all confirm")
            }
            // Any other error code is the broker saying it did not store the batch: safe to retry.
            guard response.errorCode == 0 else {
                throw KafkaRetry.brokerError(response.errorCode, "Produce to \(topicPartition)" + (response.errorMessage.map { " (\($0))" } ?? ""))
            }
            return response.baseOffset
        }
    }

    /// `body`'s result, or the `EvmonError` people see.
    private func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, EvmonError> {
        do {
            return .success(try await call(body))
        } catch {
            return .failure(error as? EvmonError ?? .broker(url: cluster.displayURL, reason: String(describing: error)))
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

extension Decompressor.Codec {
    /// Kafka's codec for a compression asked for on the command line.
    init(_ compression: ProduceCompression) {
        switch compression {
        case .none: self = .none
        case .gzip: self = .gzip
        case .snappy: self = .snappy
        case .lz4: self = .lz4
        case .zstd: self = .zstd
        }
    }
}

extension OutgoingMessage {
    /// Bytes this message carries, to size record batches.
    var payloadByteCount: Int {
        var total = (key?.count ?? 0) + (value?.count ?? 0) + 16
        for header in headers { total += header.name.utf8.count + (header.value?.count ?? 0) + 8 }
        return total
    }
}
