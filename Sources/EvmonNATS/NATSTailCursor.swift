import DequeModule
import Foundation
import NATSWire
import EvmonModel
import EvmonBrokerKit

/// One open tail on JetStream: an ephemeral ordered push consumer per stream, the events not yet
/// handed out, and the bookkeeping that keeps each consumer in order (consumer sequence gaps,
/// heartbeats that disagree or stop, a lost connection: all recreate it from the last stream
/// sequence + 1, so nothing is delivered twice and nothing is skipped).
actor NATSTailCursor {
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
        var lastConsumerSequence: UInt64 = 0
        var lastActivity = ContinuousClock.now
        var isCaughtUp = false
        var reachedSnapshot = false
        var failed = false
        /// Where the consumer was last recreated: again at the same place is no progress.
        var recreatedAfter: UInt64?

        var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: 0) }
        var streamPartition: TopicPartition { TopicPartition(topic: stream, partition: 0) }
    }

    let broker: NATSBroker
    let request: TailRequest
    let queue = NATSDeliveryQueue()
    var streams: [StreamTail] = []
    var ready: Deque<TailEvent> = []
    var started = false
    var connection: NIONATSConnection?
    var lostReason: String?
    var pendingDelay: Int64?
    var reconnect = ReconnectStateMachine()
    /// Records not yet handed out, per stream, flushed in batches of `maxBatchSize`.
    var batches: [Int: [Record]] = [:]
    /// The deliveries taken from the queue, handled from `takenIndex` on; its storage is swapped
    /// with the queue's, never reallocated.
    var taken: [NATSDelivery] = []
    var takenIndex = 0
    /// Consumers recreated at the same sequence, per stream index: a server that answers every
    /// new consumer with a status that asks for another one ends its stream with a reason.
    var progress = ProgressGuard<Int>(limit: 10)

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

    func next() async throws -> TailEvent? {
        if !started {
            try await start()
            started = true
        }
        while ready.isEmpty {
            try Task.checkCancellation()
            guard streams.contains(where: { !$0.failed }) else { return nil }
            if lostReason != nil {
                try await recover()
                continue
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
        return ready.removeFirst()
    }

    // MARK: - Start

    func start() async throws {
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
        broker.report(.connected)
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

    /// Subscribes a fresh inbox and creates a consumer delivering to it, from the stream's
    /// last delivered sequence + 1 (or the tail's start, when nothing was delivered yet).
    func createConsumer(_ index: Int, _ requester: NATSRequester) async throws {
        let connection = requester.connection
        streams[index].generation += 1
        let generation = streams[index].generation
        let queue = self.queue
        let inbox = connection.newInbox()
        let sid = try await connection.subscribe(inbox, subscriber: NATSSubscriber(
            deliver: { message in queue.push(.message(stream: index, generation: generation, message)) },
            readComplete: { queue.wake() }))
        let tail = streams[index]
        let policy: NATSDeliverPolicy
        if tail.lastStreamSequence > 0 {
            policy = .startSequence(tail.lastStreamSequence.clampedAdding(1))
        } else if tail.generation > 1, case .new = tail.initialPolicy {
            // Recreated before anything arrived: "new" now would skip what came meanwhile.
            policy = .startSequence(tail.endSnapshot.clampedAdding(1))
        } else {
            policy = tail.initialPolicy
        }
        let name = NATSOrderedConsumer.newName()
        let body = NATSOrderedConsumer.createRequest(stream: tail.stream, name: name, deliverSubject: inbox, filterSubject: tail.filterSubject, policy: policy)
        let created: JetStreamAPI.ConsumerInfo
        do {
            created = try await requester.call("CONSUMER.CREATE.\(tail.stream).\(name)", body: body, as: JetStreamAPI.ConsumerInfo.self)
        } catch {
            connection.unsubscribe(sid)
            throw error
        }
        broker.registerConsumer(name, stream: tail.stream)
        streams[index].sid = sid
        streams[index].consumer = name
        streams[index].lastConsumerSequence = 0
        streams[index].lastActivity = .now
        if created.numPending == 0, tail.lastStreamSequence >= tail.endSnapshot || tail.lastStreamSequence == 0 {
            markCaughtUp(index)
        }
    }

    /// Drops the stream's consumer and starts a new one after the last delivered sequence.
    func recreate(_ index: Int) async throws {
        let after = streams[index].lastStreamSequence
        if streams[index].recreatedAfter == after {
            if progress.stalled(index) {
                flush(index)
                fail(index, "no progress: the consumer was recreated \(progress.limit) times in a row after stream sequence \(after)")
                return
            }
        } else {
            progress.advanced(index)
            streams[index].recreatedAfter = after
        }
        flush(index)
        retire(index)
        guard let connection, connection.isActive else { return }
        do {
            try await createConsumer(index, NATSRequester(connection: connection, displayURL: broker.displayURL))
        } catch let failure as APIFailure {
            fail(index, failure.description)
        }
    }

    func retire(_ index: Int) {
        if let sid = streams[index].sid { connection?.unsubscribe(sid) }
        if let name = streams[index].consumer {
            let broker = self.broker
            let stream = streams[index].stream
            Task { await broker.dropConsumer(name, stream: stream) }
        }
        streams[index].sid = nil
        streams[index].consumer = nil
    }

    func fail(_ index: Int, _ reason: String) {
        retire(index)
        streams[index].failed = true
        ready.append(.partitionFailed(streams[index].topicPartition, reason: reason))
    }
}
