/// A message the broker itself reports as failing, where it still sits in its own stream:
/// a Redis Streams entry delivered to a group too often without an acknowledgement, or a NATS
/// JetStream message that reached a consumer's maximum deliveries or was terminated.
///
/// Kafka has no such notion (its dead letters are messages in DLQ topics), so its adapter
/// reports none. The DLQ pane and `dlq list` show these beside the DLQ topics' messages, and a
/// replay writes the message again to its own stream.
public struct BrokerDeadLetter: Sendable, Equatable {
    /// The failing message itself (its stream, partition 0, its own offset).
    public var record: Record
    /// Which broker mechanism reported it (`redis-pending`, `nats-max-deliveries`, `nats-terminated`).
    public var convention: String
    /// Why, in words: `delivered 5 times to group billing (consumer worker-1), never acknowledged`.
    public var reason: String
    /// The consumer group or consumer that failed it.
    public var consumer: String?

    public init(record: Record, convention: String, reason: String, consumer: String? = nil) {
        self.record = record
        self.convention = convention
        self.reason = reason
        self.consumer = consumer
    }
}
