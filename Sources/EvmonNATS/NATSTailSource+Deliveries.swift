import Foundation
import NATSWire
import EvmonModel
import EvmonBrokerKit

extension NATSTailSource {
    /// Handles taken deliveries until there is an answer to hand out (a full batch, a catch-up,
    /// a failure) or none is left, then flushes what is partly batched. Records are made only a
    /// batch ahead of the reader, not for everything one socket read brought.
    func processUntilReady() async throws {
        while takenIndex < taken.count, answers.isEmpty {
            let item = taken[takenIndex]
            takenIndex += 1
            switch item {
            case .connectionLost(let id, let reason, let unreadable):
                guard let connection, id == ObjectIdentifier(connection), lostReason == nil else { continue }
                if unreadable { throw EvmonError.broker(url: broker.displayURL, reason: reason) }
                lostReason = reason
            case .message(let index, let generation, let message):
                // Messages of a consumer already replaced, or after the connection was lost, are dropped:
                // the new consumer delivers them again from the right place.
                guard lostReason == nil, streams[index].generation == generation, !streams[index].failed else { continue }
                streams[index].lastActivity = .now
                try await handle(message, index)
            case .overflowed(let index):
                guard lostReason == nil, !streams[index].failed else { continue }
                try await recreate(index)
            }
        }
        if takenIndex == taken.count {
            for index in streams.indices { flush(index) }
        }
    }

    func handle(_ message: NATSMessage, _ index: Int) async throws {
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
        batches[index, default: []].append(NATSRecordMapping.record(stream: streams[index].stream, message: message, headers: headers, position: position))
        if batches[index]!.count >= batchSize { flush(index) }
        let reachesSnapshot = !streams[index].reachedSnapshot && position.streamSequence >= streams[index].endSnapshot
        if reachesSnapshot { streams[index].reachedSnapshot = true }
        if position.pending == 0 || reachesSnapshot {
            flush(index)
            markCaughtUp(index)
        }
    }

    /// Status messages: flow control and heartbeats (100), anything else means the consumer is gone.
    func control(_ status: Int, _ headers: NATSHeaders, _ message: NATSMessage, _ index: Int) async throws {
        guard status == 100 else {
            try await recreate(index)
            return
        }
        if let reply = message.replyString, headers.statusDescription?.lowercased().contains("flow") == true {
            // Answered only now that the reader is a round behind: this is what bounds the buffering.
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
    func checkHeartbeats() async throws {
        guard lostReason == nil else { return }
        for index in streams.indices where !streams[index].failed && streams[index].consumer != nil {
            if ContinuousClock.now - streams[index].lastActivity > NATSOrderedConsumer.heartbeatsMissedAfter {
                try await recreate(index)
            }
        }
    }

    /// The stream reached its end: once, with what is batched before it.
    func markCaughtUp(_ index: Int) {
        guard !streams[index].isCaughtUp else { return }
        streams[index].isCaughtUp = true
        let position = streams[index].answeredSequence
        answers.append(TailAnswer(streams[index].topicPartition, asked: position, next: position, atEnd: true))
    }

    /// Hands out the stream's batched records as one answer, from the position last answered.
    func flush(_ index: Int) {
        guard let records = batches[index], !records.isEmpty else { return }
        batches[index] = []
        let asked = streams[index].answeredSequence
        streams[index].answeredSequence = streams[index].lastStreamSequence
        answers.append(TailAnswer(streams[index].topicPartition, asked: asked, chunks: [records], next: streams[index].lastStreamSequence))
    }

    func fail(_ index: Int, _ reason: String) {
        flush(index)
        retire(index)
        streams[index].failed = true
        let position = streams[index].answeredSequence
        answers.append(TailAnswer(streams[index].topicPartition, asked: position, next: position, setback: .failed(reason: reason)))
    }
}
