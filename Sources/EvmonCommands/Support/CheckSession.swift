import EvmonConfig
import EvmonModel
import EvmonWatches

/// The watch engines of one `evmon check` run (one per watch file, so names need only be unique
/// within a file), behind an actor so that the tail reader and the lag poller can feed them from
/// their own tasks. Awaiting `ingest` is the back-pressure: the tail is read only as fast as the
/// watches judge.
actor CheckSession {
    private let engines: [WatchEngine]
    /// When the last record arrived (continuous clock), for `--idle`.
    private(set) var lastActivity = ContinuousClock.now
    /// Why the tail or a poll stopped, when it failed.
    private(set) var failure: (any Error)?
    /// Partitions of the watched topics that have not reached their end yet: until they all
    /// have, silence is the broker not answering (retried, then failed), not the end of traffic.
    private var notYetAtEnd: Set<TopicPartition> = []

    /// Whether every partition read has reached its end once (so `--idle` may end the run).
    var everyPartitionReachedItsEnd: Bool { notYetAtEnd.isEmpty }

    init(files: [WatchFile]) throws(EvmonError) {
        engines = try files.map { (file) throws(EvmonError) in try WatchEngine(watches: file.watches) }
    }

    var topics: [String] { Set(engines.flatMap(\.topics)).sorted() }
    var consumerGroups: [String] { Set(engines.flatMap(\.consumerGroups)).sorted() }

    func ingest(_ records: [Record]) {
        for engine in engines { engine.ingest(records) }
        lastActivity = .now
        fixturesUnread = max(0, fixturesUnread - records.count)
    }

    func declare(_ topics: [TopicMetadata]) {
        for engine in engines { engine.declare(topics) }
        let watched = Set(self.topics)
        for topic in topics where watched.contains(topic.name) {
            for partition in topic.partitions { notYetAtEnd.insert(TopicPartition(topic: topic.name, partition: partition.id)) }
        }
    }

    /// Fixtures written and not read back yet (at most: other traffic counts too), so their
    /// obligations may not be open yet.
    private var fixturesUnread = 0

    /// `count` fixtures were just written: `--idle` counts from now, and the answers are still to come.
    func fixturesWritten(_ count: Int) {
        lastActivity = .now
        fixturesUnread = count
    }

    /// With fixtures: whether the run still waits for them to be read, or for an obligation
    /// (`followed_by` / `not_followed_by`) to be answered or to run out of time.
    var awaitsFixtureOutcome: Bool {
        fixturesUnread > 0 || engines.contains { engine in engine.results.contains { $0.open > 0 } }
    }

    /// The longest `within` of the watches' obligations, in milliseconds (0 when none has one).
    var longestObligationMilliseconds: Int64 {
        engines.flatMap(\.definitions).map { definition in
            switch definition.kind {
            case .followedBy(let rule), .notFollowedBy(let rule): return rule.withinMilliseconds
            default: return 0
            }
        }.max() ?? 0
    }

    func caughtUp(_ topicPartition: TopicPartition) {
        for engine in engines { engine.caughtUp(topicPartition) }
        notYetAtEnd.remove(topicPartition)
    }

    func observe(_ snapshots: [ConsumerGroupSnapshot], at time: Int64) {
        for engine in engines { engine.observe(consumerGroups: snapshots, at: time) }
    }

    func failed(_ error: any Error) {
        if failure == nil { failure = error }
    }

    /// Settles the run and returns every watch's verdict and judging time, per file
    /// (`liveUntil`: see `WatchEngine.finish`).
    func finish(liveUntil: Int64? = nil) -> [(results: [WatchResult], judgingTimes: [Duration])] {
        engines.map { engine in
            engine.finish(liveUntil: liveUntil)
            return (engine.results, engine.judgingTimes)
        }
    }
}
