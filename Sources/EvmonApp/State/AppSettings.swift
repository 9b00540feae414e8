import EvmonModel
import EvmonDeadLetters
import EvmonTrace

/// Knobs of the core model; defaults suit a terminal session.
public struct AppSettings: Sendable, Equatable {
    /// Records held per topic, across its partitions.
    public var bufferRecordsPerTopic: Int
    /// Payload bytes held per topic, so huge values cannot exhaust memory.
    public var bufferBytesPerTopic: Int
    /// How often consumer-group lag is polled (ms).
    public var lagPollInterval: Int64
    /// How often topic metadata (and so message rates) is refreshed (ms).
    public var topicRefreshInterval: Int64
    /// Lag samples kept per partition for trends.
    public var lagHistoryLength: Int
    /// Samples a health verdict looks back over.
    public var healthWindow: Int
    /// Dead letters listed at once (the newest are kept).
    public var deadLetterCapacity: Int = 2_000
    /// Which topics hold dead letters (built-in names plus the config file's patterns).
    public var deadLetters: DeadLetterRecognizer = .standard
    /// Bulk replays go no faster than this many messages a second.
    public var replaysPerSecond: Int = 10
    /// Messages shown per partition when a topic starts streaming in the TUI.
    public var initialMessagesPerPartition: Int = 200
    /// Topics to stream from the start (`evmon ui TOPIC…`); empty: evmon picks.
    public var initialTopics: [String] = []
    /// Where tails start (`evmon ui --from POS`); `nil`: the last `initialMessagesPerPartition`.
    public var initialStart: StartPosition?
    /// How `t` joins a transaction's messages (the config file's `trace.by`); empty: the defaults.
    public var traceLinks: [TraceLink] = []
    /// How far before and after the message `t` searches (ms; the config file's `trace.window`).
    public var traceWindow: Int64 = 10 * 60_000

    public init(
        bufferRecordsPerTopic: Int = 10_000, bufferBytesPerTopic: Int = 64 << 20,
        lagPollInterval: Int64 = 2_000, topicRefreshInterval: Int64 = 2_000,
        lagHistoryLength: Int = 60, healthWindow: Int = 10
    ) {
        self.bufferRecordsPerTopic = bufferRecordsPerTopic
        self.bufferBytesPerTopic = bufferBytesPerTopic
        self.lagPollInterval = lagPollInterval
        self.topicRefreshInterval = topicRefreshInterval
        self.lagHistoryLength = lagHistoryLength
        self.healthWindow = healthWindow
    }
}
