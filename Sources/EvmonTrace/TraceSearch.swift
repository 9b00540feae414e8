import EvmonModel

/// Searches the broker for a trace: each partition of the topics is read from the window's
/// start (a time-based seek) until its messages pass the window's end or it reaches its end,
/// and the messages that join are handed on as each batch is read. The command line and the
/// TUI both search this way.
public struct TraceSearch: Sendable, Equatable {
    /// How far one partition's search has got.
    public struct Progress: Sendable, Equatable {
        public var topic: String
        /// Messages of the topic read so far (all its partitions).
        public var scanned: Int
        /// Whether every partition of the topic is done.
        public var isDone: Bool
        /// How much of the window the topic's slowest partition has read, 0…1 (by the time
        /// of its last message read): what "40 %" shows while it is searched.
        public var windowRead: Double

        public init(topic: String, scanned: Int, isDone: Bool, windowRead: Double = 0) {
            self.topic = topic
            self.scanned = scanned
            self.isDone = isDone
            self.windowRead = isDone ? 1 : windowRead
        }
    }

    public let partitions: Set<TopicPartition>
    /// The window, epoch milliseconds, both ends included.
    public let from: Int64
    public let until: Int64
    public let matcher: TraceMatcher

    public init(partitions: Set<TopicPartition>, from: Int64, until: Int64, matcher: TraceMatcher) {
        self.partitions = partitions
        self.from = from
        self.until = until
        self.matcher = matcher
    }

    /// Runs the search to its end (or until the task is cancelled). `found` gets each batch's
    /// joining messages and where the batch's topic stands. Partitions that cannot be read are
    /// skipped and, at the end, thrown as one broker error.
    public func run(on adapter: any BrokerAdapter, found: (_ messages: [TraceMatch], _ progress: Progress) async -> Void) async throws {
        var open = partitions
        var scanned: [String: Int] = [:]
        /// The time of the last message read in each partition.
        var reached: [TopicPartition: Int64] = [:]
        var failures: [String] = []
        let topics = Set(partitions.map(\.topic)).sorted()
        let span = Double(max(1, until.clampedSubtracting(from)))
        func progress(of topic: String) -> Progress {
            let unfinished = open.filter { $0.topic == topic }
            let slowest = unfinished.map { reached[$0].map { Double($0.clampedSubtracting(from)) / span } ?? 0 }.min() ?? 1
            return Progress(topic: topic, scanned: scanned[topic, default: 0], isDone: unfinished.isEmpty, windowRead: min(1, max(0, slowest)))
        }
        let request = TailRequest(topics: topics, partitions: nil, start: .timestamp(from))
        for try await event in adapter.tail(request) {
            try Task.checkCancellation()
            switch event {
            case .records(let batch):
                guard open.contains(batch.topicPartition) else { continue }
                var joining: [TraceMatch] = []
                var read = 0
                for record in batch.records {
                    // Past the window: this partition is done (its later messages are later
                    // still, give or take producers' clocks, which the window's width absorbs).
                    if record.timestamp > until {
                        open.remove(batch.topicPartition)
                        break
                    }
                    read += 1
                    if record.timestamp >= from, let link = matcher.link(of: record) { joining.append(TraceMatch(record: record, link: link)) }
                }
                scanned[batch.topicPartition.topic, default: 0] += read
                if let last = batch.records.prefix(read).last { reached[batch.topicPartition] = last.timestamp }
                await found(joining, progress(of: batch.topicPartition.topic))
            case .caughtUp(let topicPartition):
                guard open.remove(topicPartition) != nil else { continue }
                await found([], progress(of: topicPartition.topic))
            case .partitionFailed(let topicPartition, let reason):
                failures.append("\(topicPartition): \(reason)")
                open.remove(topicPartition)
                await found([], progress(of: topicPartition.topic))
            case .startMoved, .connection:
                continue
            case .notice:
                // A registry notice: the records it concerns carry their reasons themselves.
                continue
            }
            if open.isEmpty { break }
        }
        if !failures.isEmpty { throw EvmonError.broker(url: adapter.displayURL, reason: failures.joined(separator: "; ")) }
    }
}
