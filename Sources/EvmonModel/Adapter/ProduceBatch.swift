/// How a batch of produced messages travels: Kafka compresses each record batch with one of
/// its codecs; the other brokers send messages as they are.
public enum ProduceCompression: String, Sendable, CaseIterable {
    case none, gzip, snappy, lz4, zstd
}

/// What became of one message of a batch: where it landed, or why it was not written (an
/// `outcomeUnknown` when it may have been).
public typealias ProduceOutcome = Result<ProducedPosition, EvmonError>

extension BrokerAdapter {
    /// One message at a time, in order, stopping at the first failure: the outcomes are those
    /// of the messages tried. Brokers that write a batch in one request do better.
    public func produce(batch messages: [OutgoingMessage], compression: ProduceCompression) async -> [ProduceOutcome] {
        var outcomes: [ProduceOutcome] = []
        outcomes.reserveCapacity(messages.count)
        for message in messages {
            do {
                outcomes.append(.success(try await produce(message)))
            } catch {
                outcomes.append(.failure(error as? EvmonError ?? .broker(url: displayURL, reason: String(describing: error))))
                break
            }
        }
        return outcomes
    }
}
