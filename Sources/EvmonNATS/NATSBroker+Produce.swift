import Foundation
import NATSWire
import EvmonModel
import EvmonDeadLetters

extension NATSBroker {
    /// Publishes to a stream and waits for JetStream's acknowledgement. The subject is the
    /// message key when the stream captures it, else the stream's only literal subject. Every
    /// write carries `Nats-Msg-Id` (so a replay repeated within the stream's dedupe window is
    /// dropped by JetStream) and `Nats-Expected-Stream` (so it lands in this stream or nowhere).
    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
        if let partition = message.partition, partition != 0 {
            throw EvmonError.unknownPartition(topic: message.topic, partition: partition, count: 1)
        }
        return try await call { requester in
            guard let info = try await requester.streamInfo(message.topic) else {
                throw EvmonError.unknownTopic(message.topic, known: try await requester.streamNames().sorted())
            }
            let subject = try Self.subject(for: message, subjects: info.config.subjects ?? [])
            let headers = try Self.headers(for: message)
            let payload = message.value ?? []
            let size = (try headers.encoded().readableBytes) + payload.count
            let limit = requester.connection.info.maxPayload ?? 1_048_576
            guard size <= limit else {
                throw EvmonError.usage("the message is \(size) bytes with its headers; the server takes at most \(limit) (max_payload)")
            }
            let reply: NATSMessage
            do {
                reply = try await requester.connection.request(subject, headers: headers, payload: payload)
            } catch NATSConnectionError.noResponders {
                throw EvmonError.writeRefused("no stream listens on subject \(subject)")
            } catch let error as NATSConnectionError {
                throw EvmonError.outcomeUnknown(url: displayURL, reason: "publishing to \(subject): \(error)")
            }
            let bytes = Data(reply.payload.readableBytesView)
            if let envelope = try? JSONDecoder().decode(JetStreamAPI.Envelope.self, from: bytes), let error = envelope.error {
                throw EvmonError.writeRefused("JetStream refused the message on \(subject): \(error.description ?? "error \(error.code)")")
            }
            guard let ack = try? JSONDecoder().decode(JetStreamAPI.PubAck.self, from: bytes) else {
                throw EvmonError.outcomeUnknown(url: displayURL, reason: "unreadable acknowledgement: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
            }
            if ack.duplicate == true {
                let id = headers.value(named: "Nats-Msg-Id") ?? ""
                throw EvmonError.writeRefused(
                    "JetStream dropped it as a duplicate of \(ack.stream) sequence \(ack.seq) within its dedupe window (Nats-Msg-Id \(id))")
            }
            return ProducedPosition(topicPartition: TopicPartition(topic: ack.stream, partition: 0), offset: .sequence(Int64(clamping: ack.seq)))
        }
    }

    /// The key when the stream captures it as a subject, else the stream's only literal subject.
    static func subject(for message: OutgoingMessage, subjects: [String]) throws(EvmonError) -> String {
        if let key = message.key, let text = String(validating: key, as: UTF8.self), NATSSubject.isValid(text), NATSSubject.isLiteral(text),
           subjects.contains(where: { NATSSubject.matches(pattern: $0, subject: text) }) {
            return text
        }
        let literal = subjects.filter(NATSSubject.isLiteral)
        if subjects.count == 1, let only = literal.first { return only }
        let keyText = message.key.map { String(decoding: $0, as: UTF8.self) }
        let why = keyText.map { "its key '\($0)' is not a subject the stream captures" } ?? "it has no key"
        throw .usage("stream \(message.topic) captures \(subjects.joined(separator: ", ")) and \(why): give the message a key naming the subject to publish on")
    }

    /// The message's headers (absent values as empty), then `Nats-Msg-Id` and `Nats-Expected-Stream`.
    static func headers(for message: OutgoingMessage) throws(EvmonError) -> NATSHeaders {
        let controlled = ["Nats-Msg-Id", "Nats-Expected-Stream"]
        var fields: [NATSHeaders.Field] = []
        for header in message.headers where !controlled.contains(where: { $0.caseInsensitiveCompare(header.name) == .orderedSame }) {
            fields.append(NATSHeaders.Field(name: header.name, value: header.value ?? []))
        }
        let replayOf = message.headers.first { $0.name == DeadLetterHeaders.replayOf }?.value.map { String(decoding: $0, as: UTF8.self) }
        let id = replayOf.map { "\(DeadLetterHeaders.replayOf):\($0)" } ?? UUID().uuidString
        fields.append(NATSHeaders.Field("Nats-Msg-Id", id))
        fields.append(NATSHeaders.Field("Nats-Expected-Stream", message.topic))
        let headers = NATSHeaders(fields: fields)
        do {
            _ = try headers.encoded()
        } catch {
            throw .usage("header cannot be sent over NATS: \(error)")
        }
        return headers
    }
}
