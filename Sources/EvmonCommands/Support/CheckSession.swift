import EvmonCore

/// The watch engine of one `evmon check` run, behind an actor so that the tail reader and the
/// lag poller can feed it from their own tasks. Awaiting `ingest` is the back-pressure: the
/// tail is read only as fast as the watches judge.
actor CheckSession {
    private let engine: WatchEngine
    /// When the last record arrived (continuous clock), for `--idle`.
    private(set) var lastActivity = ContinuousClock.now
    /// Why the tail or a poll stopped, when it failed.
    private(set) var failure: (any Error)?

    init(watches: [WatchDefinition]) throws(EvmonError) {
        engine = try WatchEngine(watches: watches)
    }

    var topics: [String] { engine.topics }
    var consumerGroups: [String] { engine.consumerGroups }

    func ingest(_ records: [Record]) {
        engine.ingest(records)
        lastActivity = .now
    }

    func declare(_ topics: [TopicMetadata]) {
        engine.declare(topics)
    }

    func caughtUp(_ topicPartition: TopicPartition) {
        engine.caughtUp(topicPartition)
    }

    func observe(_ snapshots: [ConsumerGroupSnapshot], at time: Int64) {
        engine.observe(consumerGroups: snapshots, at: time)
    }

    func failed(_ error: any Error) {
        if failure == nil { failure = error }
    }

    /// Settles the run and returns every watch's verdict.
    func finish() -> [WatchResult] {
        engine.finish()
        return engine.results
    }
}
