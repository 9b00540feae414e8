import RedisWire
import EvmonModel

extension RedisBroker {
    /// Appends one entry with `XADD <topic> NOMKSTREAM * <fields>`: the message's headers in
    /// order (the entry's own fields), an edited value folded back in (`RedisFieldView.fields`),
    /// and the replay marks after them. The id Redis gives it is the returned offset.
    ///
    /// NOMKSTREAM makes a replay to a stream that does not exist an error instead of a new
    /// stream. The key is not written (stream entries have none). Sent once: after the command
    /// reached the socket, a lost connection or a timeout is `outcomeUnknown`, never a resend.
    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
        try await call {
            if let partition = message.partition, partition != 0 {
                throw EvmonError.unknownPartition(topic: message.topic, partition: partition, count: 1)
            }
            var command = RESPCommand("XADD", message.topic, "NOMKSTREAM", "*")
            for field in try RedisFieldView.fields(for: message) {
                command.append(bytes: field.name)
                command.append(bytes: field.value)
            }
            let connection = try await link.current()
            let reply: RESPValue
            do {
                reply = try await connection.send(command)
            } catch let error as RedisConnectionError {
                await link.failed(connection)
                guard error.commandMayHaveReachedServer else { throw error }
                throw EvmonError.outcomeUnknown(url: displayURL, reason: "XADD to \(message.topic) got no answer: \(error)")
            }
            if let error = reply.errorMessage { throw RedisServerError(command: "XADD \(message.topic)", message: error) }
            if reply.isNull {
                throw EvmonError.unknownTopic(message.topic, known: (try? await streamNames()) ?? [])
            }
            guard let bytes = reply.bytes, let id = RedisStreamID.parse(bytes) else {
                throw RedisConnectionError.protocolViolation("XADD answered something other than an entry id")
            }
            return ProducedPosition(topicPartition: TopicPartition(topic: message.topic, partition: 0), offset: id)
        }
    }
}
