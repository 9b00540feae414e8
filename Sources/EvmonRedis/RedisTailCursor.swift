import DequeModule
import RedisWire
import EvmonModel
import EvmonBrokerKit

/// One open tail on Redis streams, on a connection of its own: a position per stream, the
/// events not yet handed out, and at most one round running ahead of the reader (as
/// `KafkaTailCursor`), so a slow reader slows the reading instead of growing a buffer.
///
/// Each stream first reads its history with XRANGE up to the last id it had when the tail
/// started (`.caughtUp` then), and then follows with blocking XREADs shared by all streams
/// (`.caughtUp` again after each round that brought nothing). A lost connection is reported
/// (`.connection(.reconnecting…)`), reopened with backoff and read again after the last id
/// delivered, so nothing is repeated or skipped.
actor RedisTailCursor {
    private struct Stream {
        var topic: String
        /// The last id delivered (or skipped over): reading resumes after it.
        var after: Offset
        /// The last-generated-id when the tail started.
        var historyEnd: Offset
        var inHistory: Bool
        /// Given up after answers that never moved it (the partition failed).
        var failed = false
    }

    private let broker: RedisBroker
    private let request: TailRequest
    private var connection: RedisConnection?
    private var started = false
    private var streams: [Stream] = []
    private var ready: Deque<TailEvent> = []
    private var inFlight: Task<RedisTailRound, Never>?
    private var pendingDelay: Int64?
    private var reconnect = ReconnectStateMachine()
    private let pageAhead = RedisPageAhead()
    /// Rounds in a row that the server took but did not answer in time.
    private var timeoutsInARow = 0
    static let timeoutLimit = 3
    /// Replies that held entries yet none past the position, per stream index.
    private var progress = ProgressGuard<Int>(limit: 10)
    /// Entries asked for per stream and round.
    private let count: Int
    static let blockMilliseconds = 1000

    init(broker: RedisBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
        count = max(1, min(1000, request.maxBatchSize * 2))
    }

    deinit {
        inFlight?.cancel()
        if let connection { broker.closeTailConnection(connection) }
    }

    func next() async throws -> TailEvent? {
        if !started {
            do {
                try await start()
            } catch {
                if let connection { broker.closeTailConnection(connection) }
                connection = nil
                throw error
            }
            started = true
        }
        while ready.isEmpty {
            try Task.checkCancellation()
            guard streams.contains(where: { !$0.failed }) else { return nil }
            if let delay = pendingDelay {
                pendingDelay = nil
                try await Task.sleep(for: .milliseconds(delay))
            }
            let task = inFlight ?? launch()
            inFlight = nil
            let round = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            try Task.checkCancellation()
            try apply(round)
            if pendingDelay == nil { inFlight = launch() }
        }
        return ready.removeFirst()
    }

    // MARK: - Start

    private func start() async throws {
        if let other = request.partitions?.first(where: { $0 != 0 }), let topic = request.topics.first {
            throw EvmonError.unknownPartition(topic: topic, partition: other, count: 1)
        }
        let connection = try await broker.openTailConnection()
        self.connection = connection
        let replies = try await connection.pipeline(request.topics.map { RESPCommand("XINFO", "STREAM", $0) })
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
            var stream = Stream(topic: topic, after: RedisStreamID.zero, historyEnd: end, inHistory: true)
            switch request.start {
            case .earliest:
                break
            case .latest:
                stream.after = end
            case .offset(let offset):
                stream.after = min(RedisStreamID.predecessor(RedisStreamID.id(offset)), end)
            case .timestamp(let milliseconds):
                stream.after = min(RedisStreamID.predecessor(.streamID(milliseconds: UInt64(max(0, milliseconds)), sequence: 0)), end)
            case .lastMessages(let wanted):
                let length = info.value(named: "length")?.integer ?? 0
                if Int64(wanted) < length { try await readLast(wanted, of: &stream, on: connection) }
            }
            if stream.after >= stream.historyEnd {
                stream.inHistory = false
                ready.append(.caughtUp(TopicPartition(topic: topic, partition: 0)))
            }
            streams.append(stream)
        }
        broker.report(.connected)
    }

    /// `--from -N`: the last N entries (XREVRANGE, newest first, reversed). Up to 1000 they are
    /// delivered from that one reply; for more, it pages back to the Nth id and lets the history
    /// rounds read forward from there, so memory stays bounded.
    private func readLast(_ wanted: Int, of stream: inout Stream, on connection: RedisConnection) async throws {
        var before = "+"
        var remaining = wanted
        var previousOldest: Offset?
        while remaining > 0 {
            let page = min(remaining, count)
            let reply = try await connection.call(RESPCommand("XREVRANGE", stream.topic, before, "-", "COUNT", String(page)))
            let records = try RedisEntries.records(topic: stream.topic, reply: reply)
            guard let oldest = records.last else { return }
            if wanted <= count {
                stream.after = records[0].offset
                deliver(Array(records.reversed()), topic: stream.topic)
                return
            }
            remaining -= records.count
            // Each page must reach further back, or a server repeating one page would keep us here.
            guard previousOldest.map({ oldest.offset < $0 }) ?? true else {
                throw RedisConnectionError.protocolViolation("XREVRANGE \(stream.topic) did not page back past \(oldest.offset)")
            }
            previousOldest = oldest.offset
            before = "(\(oldest.offset)"
            stream.after = RedisStreamID.predecessor(oldest.offset)
            if records.count < page { return }
        }
    }

    // MARK: - Rounds

    private func launch() -> Task<RedisTailRound, Never> {
        var plan = RedisTailPlan(history: [], follow: [], count: count, blockMilliseconds: Self.blockMilliseconds)
        for stream in streams where !stream.failed {
            if stream.inHistory { plan.history.append((stream.topic, stream.after)) } else { plan.follow.append((stream.topic, stream.after)) }
        }
        let broker = self.broker
        let connection = self.connection
        let pageAhead = self.pageAhead
        return Task { await RedisTailRound.run(broker: broker, connection: connection, plan: plan, pageAhead: pageAhead) }
    }

    private func apply(_ round: RedisTailRound) throws {
        switch round {
        case .failed(let error):
            throw error
        case .lost(let reason, let timedOut):
            // A server that takes the same round and never answers it in time would be asked
            // again for ever: after `timeoutLimit` such rounds in a row the tail ends.
            timeoutsInARow = timedOut ? timeoutsInARow + 1 : 0
            if timeoutsInARow >= Self.timeoutLimit {
                throw EvmonError.broker(url: broker.displayURL, reason: "\(reason) \(timeoutsInARow) times in a row at the same position; giving up")
            }
            if let connection { broker.closeTailConnection(connection) }
            connection = nil
            for action in reconnect.connectionLost(reason: reason, now: broker.clock.now()) { perform(action) }
        case .fetched(let used, let history, let follow):
            timeoutsInARow = 0
            connection = used
            for action in reconnect.requestSucceeded() { perform(action) }
            var anything = false
            for index in streams.indices where !streams[index].failed {
                let topic = streams[index].topic
                if streams[index].inHistory {
                    let records = history[topic] ?? []
                    guard deliver(records, into: index) else { continue }
                    anything = anything || !records.isEmpty
                    if records.count < count || streams[index].after >= streams[index].historyEnd {
                        streams[index].inHistory = false
                        ready.append(.caughtUp(TopicPartition(topic: topic, partition: 0)))
                    }
                } else if let records = follow[topic] {
                    guard deliver(records, into: index) else { continue }
                    anything = anything || !records.isEmpty
                }
            }
            if !anything {
                // An empty round: every following stream is at its end right now.
                for stream in streams where !stream.inHistory && !stream.failed { ready.append(.caughtUp(TopicPartition(topic: stream.topic, partition: 0))) }
            }
        }
    }

    /// Hands out what is past the position; returns whether the stream is still read. Entries
    /// that are all at or before it, again and again, are a server repeating itself: after
    /// `progress.limit` such replies the stream fails with a reason.
    private func deliver(_ records: [Record], into index: Int) -> Bool {
        guard let last = records.last else { return true }
        // Never step back: an id at or before the position was delivered already.
        let fresh = records.first!.offset > streams[index].after ? records : records.filter { $0.offset > streams[index].after }
        guard !fresh.isEmpty else {
            guard progress.stalled(index) else { return true }
            streams[index].failed = true
            ready.append(.partitionFailed(TopicPartition(topic: streams[index].topic, partition: 0),
                reason: "no progress: \(progress.limit) replies in a row held only entries at or before \(streams[index].after)"))
            return false
        }
        progress.advanced(index)
        streams[index].after = max(streams[index].after, last.offset)
        deliver(fresh, topic: streams[index].topic)
        return true
    }

    private func deliver(_ records: [Record], topic: String) {
        guard !records.isEmpty else { return }
        let topicPartition = TopicPartition(topic: topic, partition: 0)
        let size = max(1, request.maxBatchSize)
        if records.count <= size {
            ready.append(.records(RecordBatch(topicPartition: topicPartition, records: records)))
            return
        }
        var index = 0
        while index < records.count {
            let end = min(records.count, index + size)
            ready.append(.records(RecordBatch(topicPartition: topicPartition, records: Array(records[index..<end]))))
            index = end
        }
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

extension RedisBroker {
    public func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let cursor = RedisTailCursor(broker: self, request: request)
        // At most one round ahead of the reader.
        return .pulling({ try await cursor.next() }, evmonError: { [displayURL] error in RedisBroker.evmonError(error, url: displayURL) })
    }
}
