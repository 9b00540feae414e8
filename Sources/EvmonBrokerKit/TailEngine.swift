import DequeModule
import EvmonModel

/// One open tail, the same for every broker: a position per partition, the events not yet
/// handed out, and at most one fetch running ahead of the reader, so decoding overlaps with
/// printing while a slow reader slows the fetching instead of growing a buffer.
///
/// The engine hands out records in batches of the tail's size, reports `.caughtUp` once per
/// partition (when it reaches the end it had at the start, or the broker says it is at its
/// end), reconnects with `ReconnectStateMachine`'s backoff and resumes from the positions past
/// what was delivered (no duplicate, no gap), ends a partition whose answers stop moving it
/// (`ProgressGuard`) with the reason, and ends quietly when cancelled.
public actor TailEngine<Source: TailSource> {
    /// The source's place in a partition.
    public typealias Position = Source.Position

    private let source: Source
    private let batchSize: Int
    private let displayURL: String
    private let report: @Sendable (ConnectionState) -> Void
    private let clock: any WallClock
    private let sleep: @Sendable (Int64) async throws -> Void
    private let timeoutLimit: Int?

    private var started = false
    /// Next position to read, per partition still being read.
    private var positions: [TopicPartition: Position] = [:]
    private var ends: [TopicPartition: Position] = [:]
    private var caughtUp: Set<TopicPartition> = []
    private var ready: Deque<TailEvent> = []
    private var inFlight: Task<Result<TailRound<Position>, any Error>, Never>?
    private var pendingDelay: Int64?
    private var reconnect = ReconnectStateMachine()
    private var progress: ProgressGuard<TopicPartition>
    /// Rounds in a row the broker took and did not answer in time.
    private var timeoutsInARow = 0

    /// Answers in a row without progress before a partition is given up: enough for a leader
    /// election under the growing backoff (~13 s), few enough that `-e` never hangs.
    public static var defaultStallLimit: Int { 10 }

    /// A tail over `source`, handing out batches of at most `batchSize` records. `report` tells
    /// the adapter's status listeners about connection changes (they are also events of the
    /// tail). `timeoutLimit`: lost rounds that timed out, in a row, after which the tail ends
    /// with an error (`nil`: retried for ever). `sleep` waits the backoff (tests record it).
    public init(
        source: Source, batchSize: Int, displayURL: String, clock: any WallClock, stallLimit: Int = defaultStallLimit,
        timeoutLimit: Int? = nil, report: @escaping @Sendable (ConnectionState) -> Void,
        sleep: @escaping @Sendable (Int64) async throws -> Void = { try await Task.sleep(for: .milliseconds($0)) }
    ) {
        self.source = source
        self.batchSize = max(1, batchSize)
        self.displayURL = displayURL
        self.clock = clock
        self.timeoutLimit = timeoutLimit
        self.report = report
        self.sleep = sleep
        progress = ProgressGuard(limit: stallLimit)
    }

    deinit {
        inFlight?.cancel()
    }

    /// The next event, `nil` once every partition ended; throws what no retry fixes.
    public func next() async throws -> TailEvent? {
        if !started {
            try await start()
            started = true
        }
        while ready.isEmpty {
            try Task.checkCancellation()
            guard !positions.isEmpty else { return nil }
            if let delay = pendingDelay {
                pendingDelay = nil
                try await sleep(delay)
            }
            let task = inFlight ?? launch()
            inFlight = nil
            let round = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            try Task.checkCancellation()
            try apply(round.get())
            if pendingDelay == nil, !positions.isEmpty { inFlight = launch() }
        }
        return ready.removeFirst()
    }

    /// This tail as the pull-based stream adapters return; `evmonError` names other errors.
    public nonisolated func stream(evmonError: @escaping @Sendable (any Error) async -> EvmonError) -> AsyncThrowingStream<TailEvent, any Error> {
        .pulling({ try await self.next() }, evmonError: evmonError)
    }

    private func start() async throws {
        let start = try await source.start()
        ends = start.ends
        for (topicPartition, position) in start.partitions { positions[topicPartition] = position }
        for (topicPartition, reason) in start.moved.sorted(by: { $0.key < $1.key }) { ready.append(.startMoved(topicPartition, reason: reason)) }
        var ignoredDelay: Int64?
        for answer in start.answers { apply(answer, delay: &ignoredDelay) }
        for (topicPartition, _) in start.partitions where positions[topicPartition] != nil {
            if start.caughtUp.contains(topicPartition) || reachedEnd(topicPartition) { markCaughtUp(topicPartition) }
        }
        report(.connected)
    }

    private func launch() -> Task<Result<TailRound<Position>, any Error>, Never> {
        let source = self.source
        let snapshot = positions
        return Task { do { return .success(try await source.fetch(from: snapshot)) } catch { return .failure(error) } }
    }

    private func apply(_ round: TailRound<Position>) throws {
        switch round {
        case .lost(let reason, let timedOut):
            // A broker that takes the same round and never answers it in time would be asked
            // again for ever: after `timeoutLimit` such rounds in a row the tail ends.
            timeoutsInARow = timedOut ? timeoutsInARow + 1 : 0
            if let timeoutLimit, timeoutsInARow >= timeoutLimit {
                throw EvmonError.broker(url: displayURL, reason: "\(reason) \(timeoutsInARow) times in a row at the same position; giving up")
            }
            perform(reconnect.connectionLost(reason: reason, now: clock.now()))
        case .answers(let answers):
            timeoutsInARow = 0
            perform(reconnect.requestSucceeded())
            var delay: Int64?
            for answer in answers { apply(answer, delay: &delay) }
            if let delay { pendingDelay = max(pendingDelay ?? 0, delay) }
        }
    }

    /// Hands out an answer's records, moves its partition, and counts or ends it on a setback.
    private func apply(_ answer: TailAnswer<Position>, delay: inout Int64?) {
        let topicPartition = answer.topicPartition
        guard let position = positions[topicPartition] else { return }
        let current = position == answer.asked
        if current {
            for chunk in answer.chunks { deliver(chunk) }
            positions[topicPartition] = answer.next
            if answer.next > answer.asked { progress.advanced(topicPartition) }
        }
        if case .failed(let reason) = answer.setback {
            end(topicPartition, reason: reason)
            return
        }
        guard current else { return }
        switch answer.setback {
        case nil, .failed:
            break
        case .stalled(let reason, let backoff):
            guard !progress.stalled(topicPartition) else { return giveUp(topicPartition, reason) }
            if backoff { delay = max(delay ?? 0, progress.backoff(of: topicPartition)) }
        case .restart(let restart, let reason):
            guard !progress.stalled(topicPartition) else { return giveUp(topicPartition, reason) }
            positions[topicPartition] = restart
        }
        if answer.atEnd || reachedEnd(topicPartition) { markCaughtUp(topicPartition) }
    }

    private func reachedEnd(_ topicPartition: TopicPartition) -> Bool {
        guard let position = positions[topicPartition], let end = ends[topicPartition] else { return false }
        return position >= end
    }

    private func deliver(_ records: [Record]) {
        guard let first = records.first else { return }
        let topicPartition = TopicPartition(topic: first.topic, partition: first.partition)
        if records.count <= batchSize {
            ready.append(.records(RecordBatch(topicPartition: topicPartition, records: records)))
            return
        }
        var index = 0
        while index < records.count {
            let end = min(records.count, index + batchSize)
            ready.append(.records(RecordBatch(topicPartition: topicPartition, records: Array(records[index..<end]))))
            index = end
        }
    }

    private func markCaughtUp(_ topicPartition: TopicPartition) {
        if caughtUp.insert(topicPartition).inserted { ready.append(.caughtUp(topicPartition)) }
    }

    private func giveUp(_ topicPartition: TopicPartition, _ reason: String) {
        end(topicPartition, reason: "no progress after \(progress.limit) answers in a row: \(reason)")
    }

    private func end(_ topicPartition: TopicPartition, reason: String) {
        positions[topicPartition] = nil
        ready.append(.partitionFailed(topicPartition, reason: reason))
    }

    private func perform(_ actions: [ReconnectStateMachine.Action]) {
        for action in actions {
            switch action {
            case .report(let state):
                ready.append(.connection(state))
                report(state)
            case .wait(let milliseconds):
                pendingDelay = milliseconds
            }
        }
    }
}
