import EvmonModel

/// The messages of one transaction found so far, in event-time order, at most `limit` of them.
public struct Trace: Sendable, Equatable {
    /// One message of the trace and how it joined.
    public struct Row: Sendable, Equatable {
        public var record: Record
        public var link: TraceLink
        /// Milliseconds since the trace's first message.
        public var sinceFirst: Int64
        /// Milliseconds since the message before it.
        public var sincePrevious: Int64
        /// What kind of event it is, when it says (`TraceText.eventType`), read once when found.
        public var eventType: String?
    }

    /// The most messages a trace keeps (a runaway id such as a constant key must not exhaust memory).
    public static let defaultLimit = 10_000

    public let limit: Int
    /// A message found and its event type, read once.
    private struct Found: Sendable, Equatable {
        var record: Record
        var link: TraceLink
        var eventType: String?
    }

    private var found: [Found] = []
    private var seen: Set<RecordPlace> = []
    /// Whether messages were left out because the trace reached `limit`.
    public private(set) var isTruncated = false

    public init(limit: Int = Trace.defaultLimit) {
        self.limit = limit
    }

    public var count: Int { found.count }

    /// Whether the message at these coordinates is in the trace.
    public func contains(topic: String, partition: Int, offset: Offset) -> Bool {
        seen.contains(RecordPlace(topic: topic, partition: partition, offset: offset))
    }

    /// Adds a message once (the same message found twice, from the buffers and the broker, counts once).
    public mutating func add(_ record: Record, link: TraceLink) {
        guard seen.insert(RecordPlace(record)).inserted else { return }
        guard found.count < limit else {
            isTruncated = true
            return
        }
        found.append(Found(record: record, link: link, eventType: TraceText.eventType(of: record)))
    }

    /// The messages by event time (then topic, partition and offset, so the order is total),
    /// with their distances from the first and from the one before.
    public var rows: [Row] {
        let ordered = found.sorted { lhs, rhs in
            (lhs.record.timestamp, lhs.record.topic, lhs.record.partition) < (rhs.record.timestamp, rhs.record.topic, rhs.record.partition)
                || ((lhs.record.timestamp, lhs.record.topic, lhs.record.partition) == (rhs.record.timestamp, rhs.record.topic, rhs.record.partition)
                    && lhs.record.offset < rhs.record.offset)
        }
        guard let first = ordered.first?.record.timestamp else { return [] }
        var previous = first
        return ordered.map { entry in
            defer { previous = entry.record.timestamp }
            return Row(record: entry.record, link: entry.link, sinceFirst: entry.record.timestamp.clampedSubtracting(first),
                       sincePrevious: entry.record.timestamp.clampedSubtracting(previous), eventType: entry.eventType)
        }
    }
}

/// A message that joins a trace, and by which link.
public struct TraceMatch: Sendable, Equatable {
    public var record: Record
    public var link: TraceLink

    public init(record: Record, link: TraceLink) {
        self.record = record
        self.link = link
    }
}

/// Where a message sits: its identity across searches.
private struct RecordPlace: Hashable {
    var topic: String
    var partition: Int
    var offset: Offset

    init(_ record: Record) {
        self.init(topic: record.topic, partition: record.partition, offset: record.offset)
    }

    init(topic: String, partition: Int, offset: Offset) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
