/// The seam between evmon and a broker. One implementation per broker kind.
///
/// Everything is expressed in topics, partitions and `Offset`s; docs/DECISIONS.md says how
/// Kafka, Redis Streams and NATS JetStream map onto it. Adapters only observe: they never join a
/// consumer group or commit an offset. Errors thrown are `EvmonError`s.
public protocol BrokerAdapter: Sendable {
    /// The URL this adapter talks to, without credentials, for display.
    var displayURL: String { get }

    /// Every topic with its partitions and their start and end offsets.
    func listTopics() async throws -> [TopicMetadata]

    /// Whether `tail` also takes a name the topic list lacks as a subject some topic captures
    /// (NATS: `orders.created` within the stream `ORDERS`); the adapter then says whether it is known.
    var tailsSubjects: Bool { get }

    /// Opens a tail; records arrive as batches per partition until the sequence is cancelled.
    /// Unknown topics or partitions fail the sequence with `EvmonError.unknownTopic`/`unknownPartition`.
    func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error>

    /// Every consumer group with its committed and end offsets per partition.
    func listConsumerGroups() async throws -> [ConsumerGroupSnapshot]

    /// Writes one message (acks=all where the broker has such a notion).
    func produce(_ message: OutgoingMessage) async throws -> ProducedPosition

    /// Writes `messages` in order, with as few requests as the broker allows, and says what
    /// became of each message tried, in order. A broker that writes one message at a time stops
    /// at the first failure; Kafka writes each partition's share as record batches, so one
    /// partition failing leaves the others written.
    func produce(batch messages: [OutgoingMessage], compression: ProduceCompression) async -> [ProduceOutcome]

    /// Messages the broker itself knows to be failing (Redis entries delivered at least
    /// `minimumDeliveries` times without an ack, NATS max-deliveries and terminated advisories),
    /// oldest first. Brokers without such a notion return none.
    func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter]

    /// What the broker's own dead-letter reports cannot see here, for people (NATS without a
    /// stream capturing the consumer advisories sees only the failures while evmon is
    /// connected); `nil` when nothing is missed.
    func brokerDeadLetterBlindSpot() async -> String?

    /// What people should know about what this broker serves, once, as it opens (a capture's
    /// lines that are not messages); `nil` when nothing.
    func readingNotice() async -> String?

    /// Connection state changes, starting with the current state.
    func connectionStates() -> AsyncStream<ConnectionState>

    /// Closes connections; the adapter is unusable afterwards.
    func shutdown() async
}
