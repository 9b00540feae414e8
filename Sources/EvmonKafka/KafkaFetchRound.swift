import KafkaWire
import EvmonModel

/// One fetch over every partition of a tail: a Fetch to each leader, partitions decoded in
/// parallel. Either per-partition outcomes or the reason the cluster could not be reached.
enum KafkaFetchRound: Sendable {
    /// One partition's answer.
    struct Outcome: Sendable {
        var topicPartition: TopicPartition
        var fetchOffset: Int64
        var errorCode: Int16 = 0
        var highWatermark: Int64 = -1
        /// Decoded records in batches of at most the tail's batch size.
        var chunks: [[Record]] = []
        var nextOffset: Int64?
        /// Why this partition cannot be decoded (a corrupt batch).
        var failure: String?
    }

    case outcomes([Outcome])
    case lost(reason: String, retriable: Bool)

    /// Bytes asked per partition and per response: large enough to keep the reader busy.
    static let partitionMaximumBytes: Int32 = 4 << 20
    static let responseMaximumBytes: Int32 = 32 << 20
    static let maximumWaitMilliseconds: Int32 = 500

    /// One Fetch per leader for `positions`; `waitMilliseconds` is how long a broker may hold a
    /// request that has nothing yet (a few ms for a look at the ends).
    /// `lane`: the tail's own connections (`KafkaCluster.connection(node:lane:)`), `nil` for the shared ones.
    static func run(
        cluster: KafkaCluster, positions: [TopicPartition: Int64], chunkSize: Int, waitMilliseconds: Int32 = maximumWaitMilliseconds,
        lane: Int? = nil
    ) async -> KafkaFetchRound {
        do {
            var byLeader: [Int32: [TopicPartition]] = [:]
            var leaderless: [TopicPartition] = []
            for topicPartition in positions.keys.sorted() {
                if let leader = try await cluster.leader(of: topicPartition) {
                    byLeader[leader, default: []].append(topicPartition)
                } else {
                    leaderless.append(topicPartition)
                }
            }
            var outcomes = leaderless.map {
                Outcome(topicPartition: $0, fetchOffset: positions[$0]!, errorCode: KafkaErrorCode.leaderNotAvailable.rawValue)
            }
            try await withThrowingTaskGroup(of: [Outcome].self) { group in
                for (leader, partitions) in byLeader {
                    group.addTask {
                        try await fetch(
                            cluster: cluster, leader: leader, partitions: partitions, positions: positions, chunkSize: chunkSize,
                            waitMilliseconds: waitMilliseconds, lane: lane)
                    }
                }
                for try await leaderOutcomes in group { outcomes += leaderOutcomes }
            }
            return .outcomes(outcomes.sorted { $0.topicPartition < $1.topicPartition })
        } catch is CancellationError {
            return .lost(reason: "cancelled", retriable: true)
        } catch let error as EvmonError {
            if case .unreachable(_, let reason) = error { return .lost(reason: reason, retriable: true) }
            return .lost(reason: error.description, retriable: false)
        } catch {
            return .lost(reason: String(describing: error), retriable: KafkaRetry.isRetriable(error))
        }
    }

    private static func fetch(
        cluster: KafkaCluster, leader: Int32, partitions: [TopicPartition], positions: [TopicPartition: Int64], chunkSize: Int,
        waitMilliseconds: Int32, lane: Int?
    ) async throws -> [Outcome] {
        let request = FetchRequest(
            partitions: partitions.map {
                .init(topic: $0.topic, partition: Int32($0.partition), offset: positions[$0]!, maximumBytes: partitionMaximumBytes)
            },
            maximumWaitMilliseconds: waitMilliseconds, maximumBytes: responseMaximumBytes)
        let response: FetchResponse
        do {
            response = try await cluster.connection(node: leader, lane: lane).send(request, as: FetchResponse.self)
        } catch let error as KafkaConnectionError {
            await cluster.connectionFailed(node: leader, lane: lane)
            throw error
        }
        if response.errorCode != 0 && response.partitions.isEmpty {
            throw KafkaRetry.brokerError(response.errorCode, "Fetch")
        }
        // Only the partitions asked for: an answer naming others must not grow the cluster's table.
        await cluster.sawHighWatermarks(Dictionary(
            response.partitions.filter { $0.errorCode == 0 }
                .map { (TopicPartition(topic: $0.topic, partition: Int($0.partition)), $0.highWatermark) }
                .filter { positions[$0.0] != nil },
            uniquingKeysWith: { first, _ in first }))
        // One response's decompressed bytes are bounded as a whole: partitions decode in
        // parallel, so each gets its share (and at least 8 MiB, one large batch's worth).
        let budget = max(8 << 20, responseDecompressionBudget / max(1, response.partitions.count))
        var answered: Set<TopicPartition> = []
        return await withTaskGroup(of: Outcome?.self) { group in
            for answer in response.partitions {
                let topicPartition = TopicPartition(topic: answer.topic, partition: Int(answer.partition))
                // A partition answered twice in one response is read once.
                guard let fetchOffset = positions[topicPartition], answered.insert(topicPartition).inserted else { continue }
                group.addTask { decode(answer, topicPartition: topicPartition, fetchOffset: fetchOffset, chunkSize: chunkSize, budget: budget) }
            }
            var outcomes: [Outcome] = []
            for await outcome in group { if let outcome { outcomes.append(outcome) } }
            return outcomes
        }
    }

    /// Decompressed bytes one fetch response may turn into, over all its partitions.
    static let responseDecompressionBudget = 128 << 20

    static func decode(
        _ answer: FetchResponse.Partition, topicPartition: TopicPartition, fetchOffset: Int64, chunkSize: Int,
        budget: Int = responseDecompressionBudget
    ) -> Outcome {
        var outcome = Outcome(topicPartition: topicPartition, fetchOffset: fetchOffset, errorCode: answer.errorCode, highWatermark: answer.highWatermark)
        guard answer.errorCode == 0 else { return outcome }
        do {
            let (topic, partition) = (topicPartition.topic, topicPartition.partition)
            var chunks = RecordChunks<Record>(size: chunkSize)
            outcome.nextOffset = try RecordBatchDecoder(decompressionBudget: budget).decode(
                answer.records, fetchOffset: fetchOffset, abortedTransactions: answer.abortedTransactions
            ) { record in chunks.append(Record(record, topic: topic, partition: partition)) }
            outcome.chunks = chunks.finished
        } catch {
            outcome.failure = error.description
        }
        return outcome
    }
}
