import NATSWire
import EvmonModel
import EvmonBrokerKit

extension NATSTailSource {
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

    /// Drops the stream's consumer and starts a new one after the last delivered sequence. A
    /// consumer recreated again where the last one was is an answer without progress: a server
    /// that answers every new consumer with a status asking for another one ends the stream
    /// after the engine's limit.
    func recreate(_ index: Int) async throws {
        flush(index)
        let after = streams[index].lastStreamSequence
        if streams[index].recreatedAfter == after {
            answers.append(TailAnswer(
                streams[index].topicPartition, asked: after, next: after,
                setback: .stalled(reason: "the consumer was recreated again after stream sequence \(after)", backoff: false)))
        }
        streams[index].recreatedAfter = after
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
}

extension NATSBroker {
    public func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let engine = TailEngine(
            source: NATSTailSource(broker: self, request: request), batchSize: request.maxBatchSize, displayURL: displayURL, clock: clock,
            report: { [weak self] state in self?.report(state) })
        // Pull-based, one round ahead: the reader's pace answers JetStream's flow control, which
        // bounds what is buffered.
        return engine.stream(evmonError: { [displayURL] error in NATSClient.evmonError(error, url: displayURL) })
    }
}
