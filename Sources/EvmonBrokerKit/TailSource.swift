import EvmonModel

/// What a broker supplies to `TailEngine`: where each partition starts, and the next round of
/// answers from given positions. Everything else a tail does (fetch-ahead, batching,
/// `.caughtUp`, reconnecting with backoff, giving up partitions that stop moving, cancellation)
/// is the engine's, the same for every broker.
///
/// The engine calls `fetch` at most once at a time, each call after the previous round was
/// applied, so a source may keep state between rounds (a connection, a consumer, a time check)
/// without locks of its own beyond what `Sendable` asks.
public protocol TailSource: Sendable {
    /// A place in one partition, ordered: a Kafka offset, a Redis entry id, a NATS sequence.
    /// A later position is further on; an answer that moves a partition forward is progress.
    associatedtype Position: Comparable & Sendable

    /// Resolves the tail's partitions, their starting positions and the ends they had at the
    /// start. Unknown topics and partitions throw (exit 2); so does anything no retry fixes.
    func start() async throws -> TailStart<Position>

    /// Reads from `positions` (every partition still being read, keyed as `start` named them)
    /// and maps what came back to records. Runs while the reader handles the previous round.
    /// A connection lost or not yet re-established is `.lost`: the engine reports it, waits the
    /// backoff and calls again with the same positions. Errors thrown end the tail.
    func fetch(from positions: [TopicPartition: Position]) async throws -> TailRound<Position>
}

/// Where a tail starts.
public struct TailStart<Position: Comparable & Sendable>: Sendable {
    /// The partitions read, in the order their events are reported, each with where it starts.
    public var partitions: [(TopicPartition, Position)]
    /// Each partition's end when the tail started: a partition whose position reaches it is
    /// caught up. A partition without an end here is caught up only when an answer says so.
    public var ends: [TopicPartition: Position]
    /// Partitions the broker already says are at their end (a NATS consumer with nothing pending).
    public var caughtUp: Set<TopicPartition>
    /// Answers the start itself read (Redis `--from -N` from one reply), handed out first.
    public var answers: [TailAnswer<Position>]
    /// Partitions that start elsewhere than asked, and why (`TailEvent.startMoved`), told first.
    public var moved: [TopicPartition: String] = [:]

    /// A start; partitions without an end or answers are read until an answer says otherwise.
    public init(
        partitions: [(TopicPartition, Position)], ends: [TopicPartition: Position] = [:], caughtUp: Set<TopicPartition> = [],
        answers: [TailAnswer<Position>] = []
    ) {
        self.partitions = partitions
        self.ends = ends
        self.caughtUp = caughtUp
        self.answers = answers
    }
}

/// What one call of `TailSource.fetch` brought.
public enum TailRound<Position: Comparable & Sendable>: Sendable {
    /// Answers in the order their records are handed out; a partition may answer several times
    /// (each answer `asked` where the one before left it), or not at all.
    case answers([TailAnswer<Position>])
    /// The connection was lost or could not be opened: retried after the backoff, for ever.
    /// `timedOut`: the broker took the request and did not answer in time (a source may ask the
    /// engine to give up after a number of those in a row).
    case lost(reason: String, timedOut: Bool = false)
}

/// One partition's answer in a round.
public struct TailAnswer<Position: Comparable & Sendable>: Sendable {
    public var topicPartition: TopicPartition
    /// The position this answer read from. An answer whose partition has moved elsewhere since
    /// is dropped (a failure is not: it ends the partition wherever it is).
    public var asked: Position
    /// Records past `asked`, in order; each chunk is handed out in batches of the tail's size.
    public var chunks: [[Record]]
    /// Where the partition reads next. Further than `asked` is progress.
    public var next: Position
    /// The broker says the partition is at its end now (besides reaching its end at the start).
    public var atEnd: Bool
    /// Why this answer did not move the partition as it should have, or ends it.
    public var setback: TailSetback<Position>?

    /// An answer; without records, `next` equal to `asked` and no setback, it changes nothing.
    public init(
        _ topicPartition: TopicPartition, asked: Position, chunks: [[Record]] = [], next: Position, atEnd: Bool = false,
        setback: TailSetback<Position>? = nil
    ) {
        self.topicPartition = topicPartition
        self.asked = asked
        self.chunks = chunks
        self.next = next
        self.atEnd = atEnd
        self.setback = setback
    }
}

/// An answer that should have moved its partition and did not, or one that ends it.
public enum TailSetback<Position: Comparable & Sendable>: Sendable {
    /// Counts towards the engine's `ProgressGuard`; past its limit the partition fails with
    /// `reason`. `backoff`: wait the guard's backoff before the next fetch (a retriable error,
    /// a leader election) rather than asking again at once.
    case stalled(reason: String, backoff: Bool)
    /// Counts like `stalled`; while the partition is still read, it goes on from `position`
    /// (Kafka's out-of-range: the nearer bound of what the log still holds).
    case restart(at: Position, reason: String)
    /// The partition cannot be read any further (a corrupt batch, a deleted topic).
    case failed(reason: String)
}
