import EvmonModel
import EvmonDeadLetters

/// The whole model of a monitoring session. Changed only by `reduce`; rendered as it is.
public struct AppState: Sendable, Equatable {
    public var settings: AppSettings
    /// The broker URL being monitored, for display.
    public var brokerURL: String
    public var connection: ConnectionState = .connecting
    /// Model time (epoch ms): the last clock tick or stamped action.
    public var now: Int64
    public var topics: [String: TopicState] = [:]
    public var groups: [String: GroupState] = [:]
    /// Records ingested since start, all topics.
    public var ingestedCount: Int = 0
    /// The arrival stamp the next buffered record gets.
    public var nextArrival: UInt64 = 0
    /// The last error a broker reported, for the status bar.
    public var lastError: String?
    /// When lag and topics were last asked for; effects are due from these.
    public var lagRequestedAt: Int64?
    public var topicsRequestedAt: Int64?
    /// How the model is being looked at (panes, cursors, modes, the stream).
    public var view: ViewState
    /// Dead letters recognised in the tailed DLQ topics, oldest first; bounded.
    public var deadLetters: RingBuffer<DeadLetterEntry>
    /// The dead letters grouped by reason, as the DLQ pane shows them (`regroupDeadLetters`).
    public internal(set) var deadLetterGroups: [DeadLetterGroup] = []
    /// Replays of this broker's dead letters, from the audit log and this session.
    public var replays = ReplayHistory()
    /// The replay run in progress, for the progress bar; `nil` once it ended.
    public var replayProgress: ReplayProgress?
    /// Records ingested per second, measured on clock ticks.
    public var ingestRate = RateHistory(capacity: 60)
    /// Loaded watches and their verdicts.
    public var watches = WatchesState()
    /// Topics whose names say nothing but whose messages carry a DLQ convention's headers
    /// (Kafka Connect and Karafka name their DLQs freely), found while streaming them.
    public var detectedDeadLetterTopics: Set<String> = []
    /// What the broker's own dead-letter reports cannot see (NATS without a stream keeping the
    /// advisories), shown in the DLQ pane so that an empty pane is not mistaken for no failures.
    public var deadLetterBlindSpot: String?
    /// Topics already probed for DLQ headers (each is probed once, when first listed).
    public var probedTopics: Set<String> = []
    /// Topics the runtime is tailing now, as the reducer last asked.
    public var tailedTopics: Set<String> = []

    public init(brokerURL: String, now: Int64, settings: AppSettings = AppSettings()) {
        self.brokerURL = brokerURL
        self.now = now
        self.settings = settings
        view = ViewState(streamCapacity: settings.bufferRecordsPerTopic)
        view.startPosition = settings.initialStart ?? .lastMessages(settings.initialMessagesPerPartition)
        deadLetters = RingBuffer(capacity: settings.deadLetterCapacity)
    }

    /// True for a dead-letter topic, known by its name or found by its messages' headers.
    public func isDeadLetterTopic(_ name: String) -> Bool {
        settings.deadLetters.isDeadLetterTopic(name) || detectedDeadLetterTopics.contains(name)
    }

    /// Topic names, sorted.
    public var topicNames: [String] { topics.keys.sorted() }

    /// Records dropped from buffers across all topics.
    public var droppedCount: Int { topics.values.reduce(0) { $0 + $1.buffer.droppedCount } }
}
