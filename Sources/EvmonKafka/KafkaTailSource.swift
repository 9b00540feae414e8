import Synchronization
import KafkaWire
import EvmonModel
import EvmonBrokerKit

/// Kafka's side of a tail (`TailEngine` does the rest): offsets per partition from ListOffsets,
/// one Fetch per leader per round, and what Kafka's answers mean: an error code per partition
/// (retriable ones wait the backoff, out-of-range goes to the nearer bound), a round in which no
/// partition moved while the high watermark says there is more, and every few seconds a look
/// at the metadata for topics deleted while they are read.
actor KafkaTailSource: TailSource {
    typealias Position = Int64

    private let broker: KafkaBroker
    private let request: TailRequest
    /// `--from @time` on a broker whose time lookup is coarse: records older are skipped.
    private var timestampFloors: [TopicPartition: Int64] = [:]
    /// When the tail last asked whether its topics still exist (epoch ms).
    private var topicsCheckedAt: Int64 = 0
    /// How often a tail asks: a deleted topic may answer fetches with nothing at all, not an error.
    static let topicCheckMilliseconds: Int64 = 5_000

    /// This tail's own fetch connections (`KafkaCluster.connection(node:lane:)`), closed when
    /// the tail goes.
    private let lane = KafkaTailSource.lanes.add(1, ordering: .relaxed).newValue
    private static let lanes = Atomic<Int>(0)

    init(broker: KafkaBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
    }

    deinit {
        let (cluster, lane) = (broker.cluster, lane)
        Task { await cluster.closeLane(lane) }
    }

    private var cluster: KafkaCluster { broker.cluster }

    func start() async throws -> TailStart<Int64> {
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
        let (start, listedEnd) = try await cluster.bounds(partitions)
        let (end, fresh) = await freshEnds(listedEnd, starts: start)
        topicsCheckedAt = broker.clock.now()  // the metadata was just read
        var byTime: [TopicPartition: Int64] = [:]
        if case .timestamp(let time) = request.start {
            byTime = try await cluster.offsets(Dictionary(partitions.map { ($0, time) }) { first, _ in first })
        }
        var tail = TailStart<Int64>(partitions: [])
        for topicPartition in partitions {
            let first = start[topicPartition] ?? 0
            let last = end[topicPartition] ?? first
            let position: Int64
            switch request.start {
            case .earliest: position = first
            case .latest: position = last
            case .offset(let offset):
                guard let sequence = offset.sequenceValue else { throw EvmonError.usage("--from \(offset): Kafka offsets are whole numbers") }
                let placed = Self.place(sequence, first: first, end: fresh.contains(topicPartition) ? last : nil)
                position = placed.position
                tail.moved[topicPartition] = placed.moved
            case .lastMessages(let count): position = max(first, last - Int64(count))
            case .timestamp(let time):
                let found = byTime[topicPartition] ?? -1
                position = found < 0 ? last : min(max(found, first), last)
                timestampFloors[topicPartition] = time
            }
            tail.partitions.append((topicPartition, position))
            tail.ends[topicPartition] = last
        }
        return tail
    }

    /// `--from N` where the partition holds it: before its oldest offset it starts at the
    /// oldest, past a known end at the end (new messages only), and says so. Without a fresh
    /// end (`end` nil) N is fetched as asked and the broker's out-of-range answer moves it.
    static func place(_ asked: Int64, first: Int64, end: Int64?) -> (position: Int64, moved: String?) {
        if asked < first {
            return (first, "offset \(asked) is no longer held (the oldest is \(first)); reading from \(first)")
        }
        if let end, asked > end {
            return (end, "offset \(asked) is past the end (\(end)); reading new messages from \(end)")
        }
        return (asked, nil)
    }

    /// The partitions' ends as fresh as the broker knows them. ListOffsets may trail the log
    /// (Tansu's does, by whole batches), and `--from N`, `-N` and `-e` read against the end; a
    /// Fetch near the listed end, asked to wait at most 10 ms, carries the high watermark. Where that fails
    /// the listed end stands, not marked fresh.
    private func freshEnds(
        _ listed: [TopicPartition: Int64], starts: [TopicPartition: Int64]
    ) async -> (ends: [TopicPartition: Int64], fresh: Set<TopicPartition>) {
        // At the last listed message, not past it, and allowed to wait 10 ms: Tansu leaves out
        // of a Fetch that may not wait (0 ms) every partition, high watermark and all.
        let probes = listed.reduce(into: [TopicPartition: Int64]()) { probes, entry in
            probes[entry.key] = max(starts[entry.key] ?? 0, entry.value - 1)
        }
        guard !probes.isEmpty,
            case .outcomes(let outcomes) = await KafkaFetchRound.run(cluster: cluster, positions: probes, chunkSize: 1, waitMilliseconds: 10, lane: lane)
        else { return (listed, []) }
        var ends = listed
        var fresh: Set<TopicPartition> = []
        for outcome in outcomes where outcome.failure == nil && outcome.errorCode == 0 && outcome.highWatermark >= 0 {
            ends[outcome.topicPartition] = max(listed[outcome.topicPartition] ?? 0, outcome.highWatermark)
            fresh.insert(outcome.topicPartition)
        }
        return (ends, fresh)
    }

    func fetch(from positions: [TopicPartition: Int64]) async throws -> TailRound<Int64> {
        let chunkSize = max(1, request.maxBatchSize)
        switch await KafkaFetchRound.run(cluster: cluster, positions: positions, chunkSize: chunkSize, lane: lane) {
        case .lost(let reason, let retriable):
            guard retriable else { throw EvmonError.broker(url: broker.displayURL, reason: reason) }
            return .lost(reason: reason)
        case .outcomes(let outcomes):
            var answers: [TailAnswer<Int64>] = []
            var outOfRange: [KafkaFetchRound.Outcome] = []
            // A partition may get nothing because others filled the response (Kafka and Tansu
            // stop adding partitions at the response's byte limit): only a round in which no
            // partition moved is one that should have and did not.
            let roundMoved = outcomes.contains { $0.failure == nil && $0.errorCode == 0 && ($0.nextOffset ?? $0.fetchOffset) > $0.fetchOffset }
            for outcome in outcomes {
                let topicPartition = outcome.topicPartition
                let fetchOffset = outcome.fetchOffset
                if let failure = outcome.failure {
                    answers.append(TailAnswer(topicPartition, asked: fetchOffset, next: fetchOffset, setback: .failed(reason: failure)))
                    continue
                }
                switch outcome.errorCode {
                case 0:
                    answers.append(answer(outcome, mayStall: !roundMoved))
                case KafkaErrorCode.offsetOutOfRange.rawValue:
                    outOfRange.append(outcome)
                case let code where KafkaErrorCode.isRetriable(code):
                    let reason = "offset \(fetchOffset): \(KafkaErrorCode.describe(code))"
                    answers.append(TailAnswer(topicPartition, asked: fetchOffset, next: fetchOffset, setback: .stalled(reason: reason, backoff: true)))
                default:
                    let reason = KafkaErrorCode.describe(outcome.errorCode)
                    answers.append(TailAnswer(topicPartition, asked: fetchOffset, next: fetchOffset, setback: .failed(reason: reason)))
                }
            }
            // Waiting the backoff: a leader may have moved, so the next round asks the metadata.
            if answers.contains(where: { if case .stalled(_, true) = $0.setback { true } else { false } }) {
                await cluster.invalidateMetadata()
            }
            answers += await deletedTopics(among: positions)
            answers += try await restarts(outOfRange)
            return .answers(answers)
        }
    }

    /// An answer without error: its records (past the time floor, if any), and a stall when it
    /// should have moved the partition and did not.
    private func answer(_ outcome: KafkaFetchRound.Outcome, mayStall: Bool) -> TailAnswer<Int64> {
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
        var setback: TailSetback<Int64>?
        if position == outcome.fetchOffset, position < outcome.highWatermark, mayStall {
            // The broker says there is more, yet no partition of this round moved.
            setback = .stalled(
                reason: "the broker's high watermark is \(outcome.highWatermark) but its answers at offset \(position) hold nothing new",
                backoff: true)
        }
        return TailAnswer(
            topicPartition, asked: outcome.fetchOffset, chunks: chunks, next: position, atEnd: position >= outcome.highWatermark,
            setback: setback)
    }

    /// Every few seconds, asks the metadata whether each topic still exists; the partitions of
    /// one that does not end with that reason (some brokers answer a deleted topic's fetches with
    /// nothing rather than an error). A failed ask changes nothing: fetches report outages.
    private func deletedTopics(among positions: [TopicPartition: Int64]) async -> [TailAnswer<Int64>] {
        let now = broker.clock.now()
        guard now.clampedSubtracting(topicsCheckedAt) >= Self.topicCheckMilliseconds else { return [] }
        topicsCheckedAt = now
        let topics = Set(positions.keys.map(\.topic)).sorted()
        guard !topics.isEmpty, let metadata = try? await cluster.refreshMetadata(topics: topics) else { return [] }
        var answers: [TailAnswer<Int64>] = []
        for topic in metadata.topics where topic.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue {
            for (topicPartition, position) in positions.filter({ $0.key.topic == topic.name }).sorted(by: { $0.key < $1.key }) {
                answers.append(TailAnswer(
                    topicPartition, asked: position, next: position,
                    setback: .failed(reason: "the topic no longer exists (deleted while it was read)")))
            }
        }
        return answers
    }

    /// Out of range: retention moved the start past the position, or the log was truncated.
    /// Each counts as an answer without progress and goes on from the nearer bound.
    private func restarts(_ outOfRange: [KafkaFetchRound.Outcome]) async throws -> [TailAnswer<Int64>] {
        guard !outOfRange.isEmpty else { return [] }
        let (start, listedEnd) = try await cluster.bounds(outOfRange.map(\.topicPartition))
        let end = await freshEnds(listedEnd, starts: start).ends
        return outOfRange.map { outcome in
            let position = outcome.fetchOffset
            let reason = "offset \(position): \(KafkaErrorCode.describe(outcome.errorCode))"
            guard let first = start[outcome.topicPartition], let last = end[outcome.topicPartition] else {
                return TailAnswer(outcome.topicPartition, asked: position, next: position, setback: .stalled(reason: reason, backoff: false))
            }
            return TailAnswer(outcome.topicPartition, asked: position, next: position, setback: .restart(at: position < first ? first : last, reason: reason))
        }
    }
}
