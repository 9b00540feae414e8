import DequeModule
import KafkaWire
import EvmonModel
import EvmonBrokerKit

/// One open tail on Kafka: a position per partition, the events not yet handed out, and at most
/// one fetch running ahead of the reader (so decoding overlaps with printing, and a slow reader
/// slows the fetching instead of growing a buffer).
actor KafkaTailCursor {
    private let broker: KafkaBroker
    private let request: TailRequest
    private var started = false
    /// Next offset to fetch, per partition still being read.
    private var positions: [TopicPartition: Int64] = [:]
    /// `--from @time` on a broker whose time lookup is coarse: records older are skipped.
    private var timestampFloors: [TopicPartition: Int64] = [:]
    private var caughtUp: Set<TopicPartition> = []
    private var ready: Deque<TailEvent> = []
    private var inFlight: Task<KafkaFetchRound, Never>?
    private var pendingDelay: Int64?
    private var reconnect = ReconnectStateMachine()
    /// Fetches that should have moved a partition and did not; retriable errors count too.
    private var progress = ProgressGuard<TopicPartition>(limit: KafkaTailCursor.stallLimit)

    /// When the tail last asked whether its topics still exist (epoch ms).
    private var topicsCheckedAt: Int64 = 0
    /// How often a tail asks: a deleted topic may answer fetches with nothing at all, not an error.
    static let topicCheckMilliseconds: Int64 = 5_000

    /// Answers in a row without progress before a partition is given up: enough for a leader
    /// election under the growing backoff (~13 s), few enough that `-e` never hangs.
    static let stallLimit = 10

    init(broker: KafkaBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
    }

    deinit {
        inFlight?.cancel()
    }

    private var cluster: KafkaCluster { broker.cluster }

    func next() async throws -> TailEvent? {
        if !started {
            try await start()
            started = true
        }
        while ready.isEmpty {
            try Task.checkCancellation()
            guard !positions.isEmpty else { return nil }
            if let delay = pendingDelay {
                pendingDelay = nil
                try await Task.sleep(for: .milliseconds(delay))
            }
            let task = inFlight ?? launch()
            inFlight = nil
            let round = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            try Task.checkCancellation()
            try await apply(round)
            if pendingDelay == nil, !positions.isEmpty { inFlight = launch() }
        }
        return ready.removeFirst()
    }

    // MARK: - Start

    private func start() async throws {
        let cluster = self.cluster
        let request = self.request
        for topic in request.topics { try KafkaBroker.checkTopicName(topic) }
        try await KafkaRetry.run(cluster) { try await cluster.refreshMetadata(topics: request.topics) }
        var partitions: [TopicPartition] = []
        for topic in request.topics {
            guard let ids = await cluster.partitionIDs[topic] else {
                throw EvmonError.unknownTopic(topic, known: try await cluster.topics().keys.sorted())
            }
            for id in request.partitions?.sorted() ?? ids {
                guard ids.contains(id) else { throw EvmonError.unknownPartition(topic: topic, partition: id, count: ids.count) }
                partitions.append(TopicPartition(topic: topic, partition: id))
            }
        }
        let (start, end) = try await cluster.bounds(partitions)
        topicsCheckedAt = broker.clock.now()  // the metadata was just read
        var byTime: [TopicPartition: Int64] = [:]
        if case .timestamp(let time) = request.start {
            byTime = try await cluster.offsets(Dictionary(partitions.map { ($0, time) }) { first, _ in first })
        }
        for topicPartition in partitions {
            let first = start[topicPartition] ?? 0
            let last = end[topicPartition] ?? first
            let position: Int64
            switch request.start {
            case .earliest: position = first
            case .latest: position = last
            case .offset(let offset):
                guard let sequence = offset.sequenceValue else { throw EvmonError.usage("--from \(offset): Kafka offsets are whole numbers") }
                position = min(max(sequence, first), last)
            case .lastMessages(let count): position = max(first, last - Int64(count))
            case .timestamp(let time):
                let found = byTime[topicPartition] ?? -1
                position = found < 0 ? last : min(max(found, first), last)
                timestampFloors[topicPartition] = time
            }
            positions[topicPartition] = position
            if position >= last {
                caughtUp.insert(topicPartition)
                ready.append(.caughtUp(topicPartition))
            }
        }
        broker.report(.connected)
    }

    // MARK: - Fetching

    private func launch() -> Task<KafkaFetchRound, Never> {
        let cluster = self.cluster
        let snapshot = positions
        let chunkSize = max(1, request.maxBatchSize)
        return Task { await KafkaFetchRound.run(cluster: cluster, positions: snapshot, chunkSize: chunkSize) }
    }

    private func apply(_ round: KafkaFetchRound) async throws {
        switch round {
        case .lost(let reason, let retriable):
            guard retriable else { throw EvmonError.broker(url: broker.displayURL, reason: reason) }
            for action in reconnect.connectionLost(reason: reason, now: broker.clock.now()) { perform(action) }
        case .outcomes(let outcomes):
            for action in reconnect.requestSucceeded() { perform(action) }
            var retryDelay: Int64?
            var outOfRange: [TopicPartition] = []
            // A partition may get nothing because others filled the response (Kafka and Tansu
            // stop adding partitions at the response's byte limit): only a round in which no
            // partition moved is one that should have and did not.
            let roundMoved = outcomes.contains { $0.failure == nil && $0.errorCode == 0 && ($0.nextOffset ?? $0.fetchOffset) > $0.fetchOffset }
            for outcome in outcomes {
                let topicPartition = outcome.topicPartition
                guard positions[topicPartition] == outcome.fetchOffset else { continue }
                if let failure = outcome.failure {
                    positions[topicPartition] = nil
                    ready.append(.partitionFailed(topicPartition, reason: failure))
                    continue
                }
                switch outcome.errorCode {
                case 0:
                    if !deliver(outcome, mayStall: !roundMoved) {
                        retryDelay = max(retryDelay ?? 0, progress.backoff(of: topicPartition))
                    }
                case KafkaErrorCode.offsetOutOfRange.rawValue:
                    if strike(topicPartition, KafkaErrorCode.describe(outcome.errorCode), at: outcome.fetchOffset) { outOfRange.append(topicPartition) }
                case let code where KafkaErrorCode.isRetriable(code):
                    if strike(topicPartition, KafkaErrorCode.describe(code), at: outcome.fetchOffset) {
                        retryDelay = max(retryDelay ?? 0, progress.backoff(of: topicPartition))
                    }
                default:
                    positions[topicPartition] = nil
                    ready.append(.partitionFailed(topicPartition, reason: KafkaErrorCode.describe(outcome.errorCode)))
                }
            }
            if let retryDelay {
                await cluster.invalidateMetadata()
                pendingDelay = retryDelay
            }
            await failDeletedTopics()
            if !outOfRange.isEmpty {
                // Retention moved the start past us, or the log was truncated: go to the nearer bound.
                let (start, end) = try await cluster.bounds(outOfRange)
                for topicPartition in outOfRange {
                    guard let position = positions[topicPartition], let first = start[topicPartition], let last = end[topicPartition] else { continue }
                    positions[topicPartition] = position < first ? first : last
                }
            }
        }
    }

    /// Hands out an answer's records; returns `false` when the answer should have moved the
    /// partition and did not (the caller waits the backoff before asking again).
    @discardableResult
    private func deliver(_ outcome: KafkaFetchRound.Outcome, mayStall: Bool) -> Bool {
        let topicPartition = outcome.topicPartition
        var chunks = outcome.chunks
        if let floor = timestampFloors[topicPartition] {
            // Rare (a coarse time lookup): drop what is older than asked, then stop looking.
            var records = chunks.flatMap { $0 }
            if let first = records.firstIndex(where: { $0.timestamp >= floor }) {
                records.removeSubrange(..<first)
                timestampFloors[topicPartition] = nil
            } else {
                records = []
            }
            chunks = records.isEmpty ? [] : [records]
        }
        let position = max(outcome.nextOffset ?? outcome.fetchOffset, outcome.fetchOffset)
        positions[topicPartition] = position
        var moved = true
        if position > outcome.fetchOffset {
            progress.advanced(topicPartition)
        } else if position < outcome.highWatermark, mayStall {
            // The broker says there is more, yet no partition of this round moved.
            moved = false
            let reason = "the broker's high watermark is \(outcome.highWatermark) but its answers at offset \(position) hold nothing new"
            guard strike(topicPartition, reason, at: position) else { return false }
        }
        let size = max(1, request.maxBatchSize)
        for chunk in chunks where !chunk.isEmpty {
            if chunk.count <= size {
                ready.append(.records(RecordBatch(topicPartition: topicPartition, records: chunk)))
            } else {
                var index = 0
                while index < chunk.count {
                    let end = min(chunk.count, index + size)
                    ready.append(.records(RecordBatch(topicPartition: topicPartition, records: Array(chunk[index..<end]))))
                    index = end
                }
            }
        }
        if position >= outcome.highWatermark {
            if caughtUp.insert(topicPartition).inserted { ready.append(.caughtUp(topicPartition)) }
        } else {
            caughtUp.remove(topicPartition)
        }
        return moved
    }

    /// Every few seconds, asks the metadata whether each topic still exists; the partitions of
    /// one that does not end with that reason (some brokers answer a deleted topic's fetches with
    /// nothing rather than an error). A failed ask changes nothing: fetches report outages.
    private func failDeletedTopics() async {
        let now = broker.clock.now()
        guard now.clampedSubtracting(topicsCheckedAt) >= Self.topicCheckMilliseconds else { return }
        topicsCheckedAt = now
        let topics = Set(positions.keys.map(\.topic)).sorted()
        guard !topics.isEmpty, let metadata = try? await cluster.refreshMetadata(topics: topics) else { return }
        for topic in metadata.topics where topic.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue {
            for topicPartition in positions.keys.filter({ $0.topic == topic.name }).sorted() {
                positions[topicPartition] = nil
                ready.append(.partitionFailed(topicPartition, reason: "the topic no longer exists (deleted while it was read)"))
            }
        }
    }

    /// Counts an answer that left the partition where it was; after `stallLimit` in a row the
    /// partition ends with `reason`. Returns whether it is still being read.
    private func strike(_ topicPartition: TopicPartition, _ reason: String, at offset: Int64) -> Bool {
        guard progress.stalled(topicPartition) else { return true }
        positions[topicPartition] = nil
        ready.append(.partitionFailed(topicPartition, reason: "no progress after \(Self.stallLimit) answers in a row at offset \(offset): \(reason)"))
        return false
    }

    private func perform(_ action: ReconnectStateMachine.Action) {
        switch action {
        case .report(let state):
            ready.append(.connection(state))
            broker.report(state)
        case .wait(let milliseconds):
            pendingDelay = milliseconds
        }
    }
}
