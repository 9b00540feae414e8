import DequeModule
import EvmonCore
import Foundation
import NATSWire

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

        var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: 0) }
        var streamPartition: TopicPartition { TopicPartition(topic: stream, partition: 0) }
    }

    private let broker: NATSBroker
    private let request: TailRequest
    private let queue = NATSDeliveryQueue()
    private var streams: [StreamTail] = []
    private var ready: Deque<TailEvent> = []
    private var started = false
    private var connection: NIONATSConnection?
    private var lostReason: String?
    private var pendingDelay: Int64?
    private var reconnect = KafkaReconnectStateMachine()
    /// Records not yet handed out, per stream, flushed in batches of `maxBatchSize`.
    private var batches: [Int: [Record]] = [:]
    /// The deliveries being processed; its storage is swapped with the queue's, never reallocated.
    private var taken: [NATSDelivery] = []

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

    private var batchSize: Int { max(1, request.maxBatchSize) }

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
            var buffer = taken
            taken = []
            await queue.take(into: &buffer, timeout: NATSOrderedConsumer.idleHeartbeat)
            try Task.checkCancellation()
            try await process(buffer)
            taken = buffer
            try await checkHeartbeats()
        }
        return ready.removeFirst()
    }

    // MARK: - Start

    private func start() async throws {
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
                policy = state.messages == 0 ? .startSequence(state.lastSeq + 1)
                    : .startSequence(max(first, state.lastSeq >= UInt64(count) ? state.lastSeq - UInt64(count) + 1 : 1))
            case .timestamp(let milliseconds): policy = .startTime(milliseconds)
            }
            streams.append(StreamTail(topic: topic, stream: stream, filterSubject: filter, initialPolicy: policy, endSnapshot: state.lastSeq))
        }
        for index in streams.indices { try await createConsumer(index, requester) }
        broker.report(.connected)
    }

    /// A stream by name, else the one stream capturing the topic as a subject (read with a filter).
    private func resolve(_ topic: String, _ requester: NATSRequester) async throws -> (String, String?, JetStreamAPI.StreamInfo) {
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
    private func watch(_ connection: NIONATSConnection) {
        let queue = self.queue
        let id = ObjectIdentifier(connection)
        connection.whenClosed { reason in
            queue.push(.connectionLost(connection: id, reason: reason))
            queue.wake()
        }
    }

    /// Subscribes a fresh inbox and creates a consumer delivering to it, from the stream's
    /// last delivered sequence + 1 (or the tail's start, when nothing was delivered yet).
    private func createConsumer(_ index: Int, _ requester: NATSRequester) async throws {
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
            policy = .startSequence(tail.lastStreamSequence + 1)
        } else if tail.generation > 1, case .new = tail.initialPolicy {
            // Recreated before anything arrived: "new" now would skip what came meanwhile.
            policy = .startSequence(tail.endSnapshot + 1)
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
    private func recreate(_ index: Int) async throws {
        flush(index)
        retire(index)
        guard let connection, connection.isActive else { return }
        do {
            try await createConsumer(index, NATSRequester(connection: connection, displayURL: broker.displayURL))
        } catch let failure as APIFailure {
            fail(index, failure.description)
        }
    }

    private func retire(_ index: Int) {
        if let sid = streams[index].sid { connection?.unsubscribe(sid) }
        if let name = streams[index].consumer {
            let broker = self.broker
            let stream = streams[index].stream
            Task { await broker.dropConsumer(name, stream: stream) }
        }
        streams[index].sid = nil
        streams[index].consumer = nil
    }

    private func fail(_ index: Int, _ reason: String) {
        retire(index)
        streams[index].failed = true
        ready.append(.partitionFailed(streams[index].topicPartition, reason: reason))
    }

    // MARK: - Deliveries

    private func process(_ items: [NATSDelivery]) async throws {
        for item in items {
            switch item {
            case .connectionLost(let id, let reason):
                guard let connection, id == ObjectIdentifier(connection), lostReason == nil else { continue }
                lostReason = reason
            case .message(let index, let generation, let message):
                // Messages of a consumer already replaced, or after the connection was lost, are dropped:
                // the new consumer delivers them again from the right place.
                guard lostReason == nil, streams[index].generation == generation, !streams[index].failed else { continue }
                streams[index].lastActivity = .now
                try await handle(message, index)
            }
        }
        for index in streams.indices { flush(index) }
    }

    private func handle(_ message: NATSMessage, _ index: Int) async throws {
        let headers: NATSHeaders?
        do {
            headers = try message.headers()
        } catch {
            fail(index, "unreadable headers at stream sequence after \(streams[index].lastStreamSequence): \(error)")
            return
        }
        if let headers, let status = headers.status {
            try await control(status, headers, message, index)
            return
        }
        guard let reply = message.reply, let position = JetStreamAck.position(in: reply) else {
            fail(index, "a delivery without a JetStream ack subject (\(message.replyString ?? "no reply subject"))")
            return
        }
        guard position.consumerSequence == streams[index].lastConsumerSequence + 1 else {
            // A message was lost between server and client: start over after the last one seen.
            try await recreate(index)
            return
        }
        streams[index].lastConsumerSequence = position.consumerSequence
        streams[index].lastStreamSequence = position.streamSequence
        let record = Record(
            topic: streams[index].stream, partition: 0, offset: .sequence(Int64(clamping: position.streamSequence)),
            timestamp: Int64(clamping: position.timestampNanos / 1_000_000),
            key: Array(message.subject.readableBytesView),
            headers: headers?.fields.map { Header(name: $0.name, value: $0.value) } ?? [],
            value: Array(message.payload.readableBytesView))
        batches[index, default: []].append(record)
        if batches[index]!.count >= batchSize { flush(index) }
        let reachesSnapshot = !streams[index].reachedSnapshot && position.streamSequence >= streams[index].endSnapshot
        if reachesSnapshot { streams[index].reachedSnapshot = true }
        if position.pending == 0 || reachesSnapshot {
            flush(index)
            markCaughtUp(index)
        } else {
            streams[index].isCaughtUp = false
        }
    }

    /// Status messages: flow control and heartbeats (100), anything else means the consumer is gone.
    private func control(_ status: Int, _ headers: NATSHeaders, _ message: NATSMessage, _ index: Int) async throws {
        guard status == 100 else {
            try await recreate(index)
            return
        }
        if let reply = message.replyString, headers.statusDescription?.lowercased().contains("flow") == true {
            // Answered only now that the reader got here: this is what bounds the buffering.
            connection?.publish(.pub(subject: reply, reply: nil, payload: []))
            return
        }
        if let stalled = headers.value(named: "Nats-Consumer-Stalled") {
            connection?.publish(.pub(subject: stalled, reply: nil, payload: []))
        }
        if let last = headers.value(named: "Nats-Last-Consumer").flatMap(UInt64.init), last != streams[index].lastConsumerSequence {
            try await recreate(index)
        }
    }

    /// Recreates consumers whose heartbeats stopped coming.
    private func checkHeartbeats() async throws {
        guard lostReason == nil else { return }
        for index in streams.indices where !streams[index].failed && streams[index].consumer != nil {
            if ContinuousClock.now - streams[index].lastActivity > NATSOrderedConsumer.heartbeatsMissedAfter {
                try await recreate(index)
            }
        }
    }

    private func markCaughtUp(_ index: Int) {
        guard !streams[index].isCaughtUp else { return }
        streams[index].isCaughtUp = true
        ready.append(.caughtUp(streams[index].topicPartition))
    }

    private func flush(_ index: Int) {
        guard let records = batches[index], !records.isEmpty else { return }
        batches[index] = []
        let topicPartition = streams[index].streamPartition
        var start = 0
        while start < records.count {
            let end = min(records.count, start + batchSize)
            ready.append(.records(RecordBatch(topicPartition: topicPartition, records: start == 0 && end == records.count ? records : Array(records[start..<end]))))
            start = end
        }
    }

    // MARK: - Reconnecting

    /// Reports the loss once, waits the backoff, reconnects and recreates every consumer after
    /// its last delivered sequence.
    private func recover() async throws {
        guard let reason = lostReason else { return }
        guard let delay = pendingDelay else {
            for index in streams.indices { flush(index) }
            perform(reconnect.connectionLost(reason: reason, now: broker.clock.now()))
            return
        }
        pendingDelay = nil
        try await Task.sleep(for: .milliseconds(delay))
        let requester: NATSRequester
        do {
            requester = try await broker.client.requester()
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            perform(reconnect.connectionLost(reason: error.description, now: broker.clock.now()))
            return
        }
        connection = requester.connection
        watch(requester.connection)
        lostReason = nil
        do {
            for index in streams.indices where !streams[index].failed {
                streams[index].sid = nil
                if let name = streams[index].consumer { broker.liveConsumers.withLock { _ = $0.removeValue(forKey: name) } }
                streams[index].consumer = nil
                try await createConsumer(index, requester)
            }
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            lostReason = error.description
            perform(reconnect.connectionLost(reason: error.description, now: broker.clock.now()))
            return
        }
        perform(reconnect.requestSucceeded())
    }

    private func perform(_ actions: [KafkaReconnectStateMachine.Action]) {
        for action in actions {
            switch action {
            case .report(let state):
                ready.append(.connection(state))
                broker.report(state)
            case .wait(let milliseconds):
                pendingDelay = milliseconds
            }
        }
    }
}
