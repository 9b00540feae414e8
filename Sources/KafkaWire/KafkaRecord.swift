/// One record as a record batch holds it, before anyone names its topic or partition: the
/// adapter maps it to the model's `Record` (moving its arrays, copying no bytes).
public struct KafkaRecord: Sendable, Equatable {
    /// A record header: a UTF-8 name (bytes that are not UTF-8 are shown with U+FFFD) and raw
    /// value bytes, `nil` when the header has no value.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: [UInt8]?

        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }
    }

    public var offset: Int64
    /// Epoch milliseconds: the producer's time, or the broker's for log-append-time topics.
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    /// In the order the batch holds them; repeated names are kept.
    public var headers: [Header]

    public init(offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [Header] = []) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}
