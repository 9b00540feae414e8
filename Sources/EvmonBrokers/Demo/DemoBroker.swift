import EvmonModel
import EvmonSchemas
import EvmonBrokerKit

/// The embedded broker behind `demo://`: the order-service scenario, running in-process.
///
/// Scenario time follows the injected clock from the moment the broker opens (or from a pinned
/// `start`), so history is written up to "now" and live traffic keeps arriving.
public actor DemoBroker: InProcessBroker, EmbeddedSchemaRegistry {
    public nonisolated let displayURL: String
    nonisolated let clock: any WallClock
    /// Wall time at which the broker opened, and the scenario time that corresponds to it.
    private let openedAt: Int64
    private let scenarioStart: Int64
    private var scenario: DemoScenario
    /// The demo's registry when it writes its Avro topic.
    public nonisolated let schemaSource: (any SchemaSource)?
    /// How long a tail waits before asking again when it is caught up (ms).
    private let pollInterval: Duration

    /// Opens the demo world described by `options`, timed by `clock`.
    public init(options: BrokerURL.DemoOptions, clock: any WallClock = SystemClock(), pollInterval: Duration = .milliseconds(50)) {
        self.clock = clock
        self.pollInterval = pollInterval
        displayURL = BrokerURL.demo(options).description
        let now = clock.now()
        let start = options.start ?? now
        openedAt = now
        scenarioStart = start
        scenario = DemoScenario(seed: options.seed, ordersPerSecond: options.rate, historyEnd: start, payments: options.avro)
        schemaSource = options.avro ? DemoSchemaRegistry() : nil
    }

    /// Scenario time now: the pinned (or opening) time plus the wall time since opening.
    private var scenarioNow: Int64 { scenarioStart + (clock.now() - openedAt) }

    /// Brings the world up to now.
    private func synchronize() {
        scenario.advance(to: scenarioNow)
    }

    public func listTopics() async throws -> [TopicMetadata] {
        synchronize()
        return scenario.log.metadata
    }

    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] {
        synchronize()
        // Commit times are scenario time, and health compares them with the reader's clock: a
        // world pinned to a past `start` reports them on the wall clock, or every group would
        // read STOP. (Unpinned, the two clocks agree and nothing moves.)
        let toWallClock = openedAt.clampedSubtracting(scenarioStart)
        return DemoConsumerGroup.all.map { group in
            var snapshot = group.snapshot(log: scenario.log, at: scenario.simulatedUntil, historyStart: scenario.historyStart)
            for index in snapshot.partitions.indices {
                snapshot.partitions[index].lastCommitAt = snapshot.partitions[index].lastCommitAt.map { $0.clampedAdding(toWallClock) }
            }
            return snapshot
        }
    }

    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
        try scenario.produce(message, at: scenarioNow)
    }

    nonisolated func tailSource(_ request: TailRequest) -> DemoTailSource {
        DemoTailSource(broker: self, request: request)
    }

    // MARK: - Reads for tail cursors

    /// Resolves a tail's start position to an offset per partition, with each partition's end.
    func startOffsets(for request: TailRequest) throws(EvmonError) -> (offsets: [TopicPartition: Int64], ends: [TopicPartition: Int64]) {
        synchronize()
        var offsets: [TopicPartition: Int64] = [:]
        var ends: [TopicPartition: Int64] = [:]
        for topic in request.topics {
            guard let partitions = scenario.log.topics[topic] else {
                throw .unknownTopic(topic, known: scenario.log.topics.keys.sorted())
            }
            for id in request.partitions ?? Set(partitions.indices) {
                guard partitions.indices.contains(id) else {
                    throw .unknownPartition(topic: topic, partition: id, count: partitions.count)
                }
                let log = partitions[id]
                let offset: Int64
                switch request.start {
                case .earliest: offset = log.startOffset
                case .latest: offset = log.endOffset
                case .offset(let position):
                    guard let sequence = position.sequenceValue else {
                        throw .usage("--from \(position): demo:// offsets are whole numbers")
                    }
                    offset = min(max(sequence, log.startOffset), log.endOffset)
                case .lastMessages(let count): offset = max(log.startOffset, log.endOffset - Int64(count))
                case .timestamp(let time): offset = log.firstOffset(atOrAfter: time)
                }
                offsets[TopicPartition(topic: topic, partition: id)] = offset
                ends[TopicPartition(topic: topic, partition: id)] = log.endOffset
            }
        }
        return (offsets, ends)
    }

    /// Reads up to `limit` records in event-time order across `positions`, advancing them.
    /// Returns the batches and the partitions now at their end.
    func fetch(_ positions: inout [TopicPartition: Int64], limit: Int, batchSize: Int = .max) -> (batches: [RecordBatch], atEnd: [TopicPartition]) {
        synchronize()
        let log = scenario.log
        // Keep positions within what retention still holds.
        for (topicPartition, offset) in positions {
            let start = log.partition(topicPartition).startOffset
            if offset < start { positions[topicPartition] = start }
        }
        var batches: [RecordBatch] = []
        var taken = 0
        // A k-way merge by timestamp, so a multi-partition tail reads like the story it tells.
        var heads = positions.compactMap { topicPartition, offset -> (TopicPartition, Record)? in
            log.partition(topicPartition).record(at: offset).map { (topicPartition, $0) }
        }
        while taken < limit, let best = heads.indices.min(by: { lhs, rhs in
            (heads[lhs].1.timestamp, heads[lhs].0) < (heads[rhs].1.timestamp, heads[rhs].0)
        }) {
            let (topicPartition, record) = heads[best]
            if batches.last?.topicPartition == topicPartition, batches[batches.count - 1].records.count < batchSize {
                batches[batches.count - 1].records.append(record)
            } else {
                batches.append(RecordBatch(topicPartition: topicPartition, records: [record]))
            }
            taken += 1
            let next = positions[topicPartition]! + 1
            positions[topicPartition] = next
            if let following = log.partition(topicPartition).record(at: next) {
                heads[best].1 = following
            } else {
                heads.remove(at: best)
            }
        }
        let atEnd = positions.compactMap { topicPartition, offset in
            offset >= log.partition(topicPartition).endOffset ? topicPartition : nil
        }
        return (batches, atEnd)
    }

    /// Waits before polling again when caught up.
    func idle() async throws {
        try await Task.sleep(for: pollInterval)
    }
}
