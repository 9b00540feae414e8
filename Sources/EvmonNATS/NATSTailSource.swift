import DequeModule
import Foundation
import NATSWire
import EvmonModel
import EvmonBrokerKit

/// JetStream's side of a tail (`TailEngine` does the rest): an ephemeral ordered push consumer
/// per stream, and the bookkeeping that keeps each consumer in order (consumer sequence gaps,
/// heartbeats that disagree or stop, a lost connection: all recreate it from the last stream
/// sequence + 1, so nothing is delivered twice and nothing is skipped). A position is the last
/// stream sequence delivered (0: none yet); a round is the deliveries handled until a batch is
/// full, a stream caught up or failed, or the deliveries taken ran out.
actor NATSTailSource: TailSource {
    typealias Position = UInt64

    /// One stream being read.
    struct StreamTail {
        /// The topic as requested: a stream name, or a subject the stream captures.
        var topic: String
        var stream: String
        var filterSubject: String?
        /// The first consumer's start; later ones start after `lastStreamSequence`.
        var initialPolicy: NATSDeliverPolicy
        /// The stream's last sequence when the tail started: reaching it is the end for `-e`.
        var endSnapshot: UInt64
        var generation = 0
        var sid: UInt64?
        var consumer: String?
        var lastStreamSequence: UInt64 = 0
        /// `lastStreamSequence` as of the last answer: where the engine's position is.
        var answeredSequence: UInt64 = 0
        var lastConsumerSequence: UInt64 = 0
        var lastActivity = ContinuousClock.now
        var isCaughtUp = false
        var reachedSnapshot = false
        var failed = false
        /// Where the consumer was last recreated: again at the same place is no progress.
        var recreatedAfter: UInt64?

        var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: 0) }
    }

    let broker: NATSBroker
    let request: TailRequest
    let queue = NATSDeliveryQueue()
    var streams: [StreamTail] = []
    var connection: NIONATSConnection?
    var lostReason: String?
    /// The loss was handed to the engine, which waited its backoff: the next round reconnects.
    var lossReported = false
    /// Answers of the round being read.
    var answers: [TailAnswer<UInt64>] = []
    /// Records not yet handed out, per stream, flushed in batches of `maxBatchSize`.
    var batches: [Int: [Record]] = [:]
    /// The deliveries taken from the queue, handled from `takenIndex` on; its storage is swapped
    /// with the queue's, never reallocated.
    var taken: [NATSDelivery] = []
    var takenIndex = 0

    init(broker: NATSBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
    }

    deinit {
        // The reader went away (tail ended or cancelled): stop deliveries, delete the consumers.
        let broker = self.broker
        let owned = streams.compactMap { tail in tail.consumer.map { ($0, tail.stream, tail.sid) } }
        if let connection { for (_, _, sid) in owned { if let sid { connection.unsubscribe(sid) } } }
        if !owned.isEmpty {
            Task { for (name, stream, _) in owned { await broker.dropConsumer(name, stream: stream) } }
        }
    }

    var batchSize: Int { max(1, request.maxBatchSize) }

    func start() async throws -> TailStart<UInt64> {
        let requester = try await broker.client.requester()
        connection = requester.connection
        watch(requester.connection)
        for topic in request.topics {
            if let partitions = request.partitions, let other = partitions.first(where: { $0 != 0 }) {
                throw EvmonError.unknownPartition(topic: topic, partition: other, count: 1)
            }
            let (stream, filter, info) = try await resolve(topic, requester)
            let state = info.state
            let policy: NATSDeliverPolicy
            switch request.start {
            case .earliest: policy = .all
            case .latest: policy = .new
            case .offset(let offset):
                guard let sequence = offset.sequenceValue else { throw EvmonError.usage("--from \(offset): JetStream stream sequences are whole numbers") }
                policy = .startSequence(UInt64(max(1, sequence)))
            case .lastMessages(let count):
                let first = max(state.firstSeq, 1)
                policy = state.messages == 0 ? .startSequence(state.lastSeq.clampedAdding(1))
                    : .startSequence(max(first, state.lastSeq >= UInt64(count) ? state.lastSeq - UInt64(count) + 1 : 1))
            case .timestamp(let milliseconds): policy = .startTime(milliseconds)
            }
            streams.append(StreamTail(topic: topic, stream: stream, filterSubject: filter, initialPolicy: policy, endSnapshot: state.lastSeq))
        }
        for index in streams.indices { try await createConsumer(index, requester) }
        let caughtUp = Set(streams.filter(\.isCaughtUp).map(\.topicPartition))
        return TailStart(partitions: streams.map { ($0.topicPartition, 0) }, caughtUp: caughtUp)
    }

    func fetch(from positions: [TopicPartition: UInt64]) async throws -> TailRound<UInt64> {
        // Streams the engine gave up (no progress) keep no consumer.
        for index in streams.indices where !streams[index].failed && positions[streams[index].topicPartition] == nil {
            streams[index].failed = true
            retire(index)
        }
        answers = []
        while answers.isEmpty {
            try Task.checkCancellation()
            if let reason = lostReason {
                guard lossReported else {
                    lossReported = true
                    return .lost(reason: reason)
                }
                return try await reconnect(positions)
            }
            if takenIndex == taken.count {
                var buffer = taken
                taken = []
                await queue.take(into: &buffer, timeout: NATSOrderedConsumer.idleHeartbeat)
                taken = buffer
                takenIndex = 0
                try Task.checkCancellation()
            }
            try await processUntilReady()
            // Only once every taken delivery is handled: one still waiting may be the heartbeat.
            if takenIndex == taken.count { try await checkHeartbeats() }
        }
        defer { answers = [] }
        return .answers(answers)
    }

    /// A stream by name, else the one stream capturing the topic as a subject (read with a filter).
    func resolve(_ topic: String, _ requester: NATSRequester) async throws -> (String, String?, JetStreamAPI.StreamInfo) {
        if let info = try await requester.streamInfo(topic) { return (topic, nil, info) }
        if NATSSubject.isValid(topic) {
            let capturing = try await requester.streamNames(subject: topic).sorted()
            if capturing.count > 1 {
                throw EvmonError.usage("subject '\(topic)' is captured by several streams (\(capturing.joined(separator: ", "))); tail one of them by name")
            }
            if let stream = capturing.first, let info = try await requester.streamInfo(stream) { return (stream, topic, info) }
        }
        throw EvmonError.unknownTopic(topic, known: try await requester.streamNames().sorted())
    }

    /// Tells the queue when `connection` ends.
    func watch(_ connection: NIONATSConnection) {
        let queue = self.queue
        let id = ObjectIdentifier(connection)
        connection.whenClosed { reason, unreadable in
            queue.push(.connectionLost(connection: id, reason: reason, unreadable: unreadable))
            queue.wake()
        }
    }

    /// After the engine's backoff: reconnects and recreates every consumer after the position
    /// the engine holds (its last delivered sequence). A failure is another loss to wait out.
    func reconnect(_ positions: [TopicPartition: UInt64]) async throws -> TailRound<UInt64> {
        let requester: NATSRequester
        do {
            requester = try await broker.client.requester()
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            return .lost(reason: error.description)
        }
        connection = requester.connection
        watch(requester.connection)
        lostReason = nil
        lossReported = false
        do {
            for index in streams.indices where !streams[index].failed {
                if let position = positions[streams[index].topicPartition] {
                    streams[index].lastStreamSequence = position
                    streams[index].answeredSequence = position
                }
                streams[index].sid = nil
                if let name = streams[index].consumer { broker.liveConsumers.withLock { _ = $0.removeValue(forKey: name) } }
                streams[index].consumer = nil
                try await createConsumer(index, requester)
            }
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            lostReason = error.description
            lossReported = true
            return .lost(reason: error.description)
        }
        defer { answers = [] }
        return .answers(answers)
    }
}
