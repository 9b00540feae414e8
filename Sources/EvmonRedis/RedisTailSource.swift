import RedisWire
import EvmonModel
import EvmonBrokerKit

/// Redis's side of a tail (`TailEngine` does the rest), on a connection of its own. A position
/// is the last id delivered (or skipped over): reading resumes after it.
///
/// Each stream first reads its history with XRANGE up to the last id it had when the tail
/// started, and then follows with blocking XREADs shared by all streams. A lost connection is
/// closed here and reopened by the next round, which reads again after the last id delivered.
actor RedisTailSource: TailSource {
    typealias Position = Offset

    private let broker: RedisBroker
    private let request: TailRequest
    private var connection: RedisConnection?
    /// The streams in the order asked, and those still reading their history.
    private var topics: [String] = []
    private var inHistory: Set<String> = []
    private var historyEnds: [String: Offset] = [:]
    private let pageAhead = RedisPageAhead()
    /// Entries asked for per stream and round.
    private let count: Int
    static let blockMilliseconds = 1000
    /// Rounds in a row that the server took but did not answer in time before the tail ends.
    static let timeoutLimit = 3

    init(broker: RedisBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
        count = max(1, min(1000, request.maxBatchSize * 2))
    }

    deinit {
        if let connection { broker.closeTailConnection(connection) }
    }

    func start() async throws -> TailStart<Offset> {
        do {
            return try await open()
        } catch {
            if let connection { broker.closeTailConnection(connection) }
            connection = nil
            throw error
        }
    }

    private func open() async throws -> TailStart<Offset> {
        if let other = request.partitions?.first(where: { $0 != 0 }), let topic = request.topics.first {
            throw EvmonError.unknownPartition(topic: topic, partition: other, count: 1)
        }
        let connection = try await broker.openTailConnection()
        self.connection = connection
        let replies = try await connection.pipeline(request.topics.map { RESPCommand("XINFO", "STREAM", $0) })
        var tail = TailStart<Offset>(partitions: [])
        for (topic, reply) in zip(request.topics, replies) {
            if let message = reply.errorMessage {
                if RedisBroker.isNoSuchKey(message) {
                    throw EvmonError.unknownTopic(topic, known: (try? await broker.streamNames()) ?? [])
                }
                if message.hasPrefix("WRONGTYPE") { throw EvmonError.usage("'\(topic)' is a Redis key of another type, not a stream") }
                throw RedisServerError(command: "XINFO STREAM \(topic)", message: message)
            }
            guard let info = reply.pairs else { throw RedisConnectionError.protocolViolation("XINFO STREAM \(topic) is not a map") }
            let end = RedisEntries.nonZeroID(info.value(named: "last-generated-id")) ?? RedisStreamID.zero
            let topicPartition = TopicPartition(topic: topic, partition: 0)
            var after = RedisStreamID.zero
            switch request.start {
            case .earliest:
                break
            case .latest:
                after = end
            case .offset(let offset):
                after = min(RedisStreamID.predecessor(RedisStreamID.id(offset)), end)
            case .timestamp(let milliseconds):
                after = min(RedisStreamID.predecessor(.streamID(milliseconds: UInt64(max(0, milliseconds)), sequence: 0)), end)
            case .lastMessages(let wanted):
                let length = info.value(named: "length")?.integer ?? 0
                if Int64(wanted) < length {
                    let (position, answer) = try await readLast(wanted, of: topic, on: connection)
                    after = position
                    if let answer { tail.answers.append(answer) }
                }
            }
            topics.append(topic)
            historyEnds[topic] = end
            if (tail.answers.last { $0.topicPartition == topicPartition }?.next ?? after) < end { inHistory.insert(topic) }
            tail.partitions.append((topicPartition, after))
            tail.ends[topicPartition] = end
        }
        return tail
    }

    /// `--from -N`: the last N entries (XREVRANGE, newest first, reversed). Up to a page they
    /// are delivered from that one reply (the answer, read from the start position returned);
    /// for more, it pages back to the Nth id and lets the history rounds read forward from
    /// there, so memory stays bounded.
    private func readLast(_ wanted: Int, of topic: String, on connection: RedisConnection) async throws -> (Offset, TailAnswer<Offset>?) {
        var before = "+"
        var remaining = wanted
        var previousOldest: Offset?
        var after = RedisStreamID.zero
        while remaining > 0 {
            let page = min(remaining, count)
            let reply = try await connection.call(RESPCommand("XREVRANGE", topic, before, "-", "COUNT", String(page)))
            let records = try RedisEntries.records(topic: topic, reply: reply)
            guard let oldest = records.last else { break }
            if wanted <= count {
                let answer = TailAnswer(
                    TopicPartition(topic: topic, partition: 0), asked: after, chunks: [Array(records.reversed())], next: records[0].offset)
                return (after, answer)
            }
            remaining -= records.count
            // Each page must reach further back, or a server repeating one page would keep us here.
            guard previousOldest.map({ oldest.offset < $0 }) ?? true else {
                throw RedisConnectionError.protocolViolation("XREVRANGE \(topic) did not page back past \(oldest.offset)")
            }
            previousOldest = oldest.offset
            before = "(\(oldest.offset)"
            after = RedisStreamID.predecessor(oldest.offset)
            if records.count < page { break }
        }
        return (after, nil)
    }

    func fetch(from positions: [TopicPartition: Offset]) async throws -> TailRound<Offset> {
        var plan = RedisTailPlan(history: [], follow: [], count: count, blockMilliseconds: Self.blockMilliseconds)
        let reading = topics.compactMap { topic in positions[TopicPartition(topic: topic, partition: 0)].map { (topic, $0) } }
        for (topic, after) in reading {
            if inHistory.contains(topic) { plan.history.append((topic, after)) } else { plan.follow.append((topic, after)) }
        }
        switch await RedisTailRound.run(broker: broker, connection: connection, plan: plan, pageAhead: pageAhead) {
        case .failed(let error):
            throw error
        case .lost(let reason, let timedOut):
            if let connection { broker.closeTailConnection(connection) }
            connection = nil
            return .lost(reason: reason, timedOut: timedOut)
        case .fetched(let used, let history, let follow):
            connection = used
            var answers: [TailAnswer<Offset>] = []
            for (topic, after) in reading {
                if inHistory.contains(topic) {
                    let records = history[topic] ?? []
                    var answer = Self.answer(records, topic: topic, after: after)
                    if answer.setback == nil, records.count < count || answer.next >= historyEnds[topic] ?? RedisStreamID.zero {
                        inHistory.remove(topic)
                        answer.atEnd = true
                    }
                    answers.append(answer)
                } else if let records = follow[topic] {
                    answers.append(Self.answer(records, topic: topic, after: after))
                }
            }
            return .answers(answers)
        }
    }

    /// What is past the position. Entries all at or before it (a server repeating itself) are
    /// an answer without progress: after the engine's limit of those the stream fails.
    private static func answer(_ records: [Record], topic: String, after: Offset) -> TailAnswer<Offset> {
        let topicPartition = TopicPartition(topic: topic, partition: 0)
        guard let first = records.first, let last = records.last else { return TailAnswer(topicPartition, asked: after, next: after) }
        // Never step back: an id at or before the position was delivered already.
        let fresh = first.offset > after ? records : records.filter { $0.offset > after }
        guard !fresh.isEmpty else {
            return TailAnswer(
                topicPartition, asked: after, next: after, setback: .stalled(reason: "replies held only entries at or before \(after)", backoff: false))
        }
        return TailAnswer(topicPartition, asked: after, chunks: [fresh], next: max(after, last.offset))
    }
}

extension RedisBroker {
    public func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let engine = TailEngine(
            source: RedisTailSource(broker: self, request: request), batchSize: request.maxBatchSize, displayURL: displayURL, clock: clock,
            timeoutLimit: RedisTailSource.timeoutLimit, report: { [weak self] state in self?.report(state) })
        // At most one round ahead of the reader.
        return engine.stream(evmonError: { [displayURL] error in RedisBroker.evmonError(error, url: displayURL) })
    }
}
