import EvmonModel

/// Where a dead letter sits: its DLQ topic, partition and offset (`orders-dlt/0/17`).
///
/// The audit log, the replay header and the replayed marks all name dead letters this way.
public struct DeadLetterID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int
    public var offset: Offset

    public init(topic: String, partition: Int, offset: Offset) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public static func < (lhs: DeadLetterID, rhs: DeadLetterID) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition) || (lhs.topic, lhs.partition) == (rhs.topic, rhs.partition) && lhs.offset < rhs.offset
    }

    /// `topic/partition/offset`, the `evmon-replay-of` header's value.
    public var description: String { "\(topic)/\(partition)/\(offset)" }
}
