/// Points at a buffered record: its topic, partition and arrival stamp.
///
/// The stream pane keeps these instead of records, so its index costs a few words a row and a
/// record evicted from its buffer simply stops resolving.
public struct RecordRef: Sendable, Equatable, Hashable {
    public var topic: String
    public var partition: Int
    public var arrival: UInt64

    /// The arrival of a record known but never buffered (a dead letter the broker reported):
    /// it resolves to nothing, so showing it fetches it from the broker.
    public static let unbuffered = UInt64.max

    public init(topic: String, partition: Int, arrival: UInt64) {
        self.topic = topic
        self.partition = partition
        self.arrival = arrival
    }
}
