import EvmonModel

/// One failure of a watch: the offending message's coordinates (where it has one) and why.
public struct Violation: Sendable, Equatable {
    /// Where the offending message is; `nil` for failures that are not one message (a rate interval).
    public var topic: String?
    public var partition: Int?
    public var offset: Offset?
    /// The offending message's key bytes, as produced.
    public var key: [UInt8]?
    /// Event time of the offending message (epoch ms).
    public var timestamp: Int64?
    /// What was seen and what was expected, in one line.
    public var why: String
    /// The first bytes of the offending message's value, for JUnit and the TUI's detail view.
    public var valuePreview: [UInt8]?
    /// A sub-kind where the watch has several (`gap`, `duplicate`, `regression`, `late`, …).
    public var category: String?

    /// Bytes of a value kept in a violation.
    public static let previewLimit = 1_024

    public init(
        topic: String? = nil, partition: Int? = nil, offset: Offset? = nil, key: [UInt8]? = nil,
        timestamp: Int64? = nil, why: String, valuePreview: [UInt8]? = nil, category: String? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.timestamp = timestamp
        self.why = why
        self.valuePreview = valuePreview
        self.category = category
    }

    /// A violation pointing at `record`.
    public init(record: Record, why: String, category: String? = nil) {
        self.init(
            topic: record.topic, partition: record.partition, offset: record.offset, key: record.key,
            timestamp: record.timestamp, why: why, valuePreview: record.readableValue.map { Array($0.prefix(Self.previewLimit)) },
            category: category)
    }

    /// `orders/1@42` or the topic alone.
    public var coordinates: String {
        guard let topic else { return "-" }
        guard let partition else { return topic }
        guard let offset else { return "\(topic)/\(partition)" }
        return "\(topic)/\(partition)@\(offset)"
    }
}
