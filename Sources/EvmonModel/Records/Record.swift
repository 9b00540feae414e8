/// One message as a broker delivered it. Bytes are kept exactly as produced.
///
/// `key == nil` (absent) is distinct from `key == []` (present but empty); the same holds for
/// `value` and for each header's value.
public struct Record: Sendable, Equatable {
    /// Kafka topic, Redis stream key, or NATS stream name.
    public var topic: String
    /// Kafka partition; 0 for Redis and NATS.
    public var partition: Int
    /// Position within the partition.
    public var offset: Offset
    /// Epoch milliseconds (producer create time or broker append time).
    public var timestamp: Int64
    /// Key bytes; the NATS subject for JetStream.
    public var key: [UInt8]?
    /// Headers in wire order; names may repeat.
    public var headers: [Header]
    /// Value bytes.
    public var value: [UInt8]?
    /// The key and value read through their schemas, when a schema applies (`nil` otherwise,
    /// and always as a broker delivers the record: decoding is a later step).
    public var decoding: SchemaDecoding?

    public init(
        topic: String, partition: Int, offset: Offset, timestamp: Int64,
        key: [UInt8]?, headers: [Header] = [], value: [UInt8]?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.headers = headers
        self.value = value
    }

    /// Bytes this record holds (key, value, headers), used to bound buffers by size as well as count.
    public var payloadByteCount: Int {
        var total = (key?.count ?? 0) + (value?.count ?? 0) + (decoding?.byteCount ?? 0)
        for header in headers { total += header.name.utf8.count + (header.value?.count ?? 0) }
        return total
    }

    /// The first header with this name, as the earliest hop wrote it.
    public func firstHeader(named name: String) -> Header? {
        headers.first { $0.name == name }
    }
}

/// A record header: a name and optional bytes.
public struct Header: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Convenience for UTF-8 text values.
    public init(_ name: String, _ text: String) {
        self.init(name: name, value: Array(text.utf8))
    }
}

/// A topic and one of its partitions.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int

    public init(topic: String, partition: Int) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    public var description: String { "\(topic)/\(partition)" }
}

/// Records fetched together from one partition, in offset order.
public struct RecordBatch: Sendable, Equatable {
    public var topicPartition: TopicPartition
    public var records: [Record]

    public init(topicPartition: TopicPartition, records: [Record]) {
        self.topicPartition = topicPartition
        self.records = records
    }
}
