import EvmonTestSupport
import Synchronization
import Testing
import EvmonModel
@testable import EvmonBrokerKit

/// The one tail engine every broker runs on, driven by an in-memory source whose rounds a test
/// scripts: positions, fetch-ahead, `.caughtUp`, reconnects and their backoff, the progress
/// guard and cancellation, proved once here rather than per broker.
@Suite struct TailEngineTests {
    static let a = TopicPartition(topic: "t", partition: 0)
    static let b = TopicPartition(topic: "t", partition: 1)

    /// Reads until `stop` says enough; the events read.
    func collect(_ engine: TailEngine<ScriptedSource>, stop: ([TailEvent]) -> Bool = { _ in false }) async throws -> [TailEvent] {
        var events: [TailEvent] = []
        while let event = try await engine.next() {
            events.append(event)
            if stop(events) { break }
        }
        return events
    }

    func engine(
        _ source: ScriptedSource, batchSize: Int = 3, stallLimit: Int = 3, timeoutLimit: Int? = nil, clock: ManualClock = ManualClock(startingAt: 0)
    ) -> TailEngine<ScriptedSource> {
        TailEngine(
            source: source, batchSize: batchSize, displayURL: "test://", clock: clock, stallLimit: stallLimit, timeoutLimit: timeoutLimit,
            report: { state in source.states.withLock { $0.append(state) } },
            sleep: { milliseconds in source.slept.withLock { $0.append(milliseconds) } })
    }

    @Test func aReconnectResumesFromThePositionsDeliveredWithoutGapOrDuplicate() async throws {
        let log = ScriptedLog(lengths: [Self.a: 20, Self.b: 11], page: 4)
        // Rounds 3 and 4 lose the connection (the second while reconnecting); the rest read on.
        let source = ScriptedSource(log: log) { call, positions in
            call == 3 || call == 4 ? .lost(reason: "connection reset") : log.round(from: positions)
        }
        let events = try await collect(engine(source)) { Self.caughtUp($0).count == 2 }
        let read = Self.records(events)
        #expect(read.filter { $0.partition == 0 }.map { $0.offset.sequenceValue! } == Array(0..<20))
        #expect(read.filter { $0.partition == 1 }.map { $0.offset.sequenceValue! } == Array(0..<11))
        let fetched = source.fetched.withLock { $0 }
        #expect(fetched[2] == [Self.a: 8, Self.b: 8], "the round lost asks where the delivered records end")
        #expect(fetched[3] == fetched[2] && fetched[4] == fetched[2], "and so do the rounds after it")
        let connection = events.compactMap { event -> ConnectionState? in if case .connection(let state) = event { state } else { nil } }
        #expect(connection == [.reconnecting(retryAt: 100, reason: "connection reset"), .reconnecting(retryAt: 200, reason: "connection reset"), .connected])
        #expect(source.states.withLock { $0 } == [.connected] + connection, "the adapter's listeners hear the same, after the start")
    }

    @Test func theBackoffDoublesWhileTheConnectionStaysLost() async throws {
        let log = ScriptedLog(lengths: [Self.a: 2], page: 4)
        let source = ScriptedSource(log: log) { call, positions in call <= 6 ? .lost(reason: "refused") : log.round(from: positions) }
        _ = try await collect(engine(source)) { Self.caughtUp($0).count == 1 }
        #expect(source.slept.withLock { $0 } == [100, 200, 400, 800, 1_600, 2_000])
    }

    @Test func caughtUpComesOncePerPartitionWhateverTheBrokerRepeats() async throws {
        // b is at its end from the start; a reaches it after two rounds, then the broker keeps
        // saying "at the end" while the log grows and is read on.
        let log = ScriptedLog(lengths: [Self.a: 8, Self.b: 0], page: 4)
        let source = ScriptedSource(log: log) { call, positions in
            if call == 3 { log.append(5, to: Self.a) }
            return log.round(from: positions)
        }
        let events = try await collect(engine(source)) { Self.records($0).count == 13 }
        #expect(events.filter { $0 == .caughtUp(Self.b) }.count == 1)
        #expect(events.filter { $0 == .caughtUp(Self.a) }.count == 1)
        #expect(events.first == .caughtUp(Self.b), "a partition at its end at the start says so first")
        let aCaughtUp = try #require(events.firstIndex(of: .caughtUp(Self.a)))
        #expect(Self.records(Array(events[..<aCaughtUp])).count == 8, "a is caught up once its first eight records are out")
    }

    @Test func aPartitionThatStopsMovingFailsAfterTheLimitWithTheReason() async throws {
        let log = ScriptedLog(lengths: [Self.a: 30, Self.b: 30], page: 2)
        // a reads one page, then answers "nothing new" at the same place for ever; b keeps moving.
        let source = ScriptedSource(log: log) { call, positions in
            guard case .answers(var answers) = log.round(from: positions) else { return .lost(reason: "") }
            if call > 1, let index = answers.firstIndex(where: { $0.topicPartition == Self.a }) {
                let at = answers[index].asked
                answers[index] = TailAnswer(Self.a, asked: at, next: at, setback: .stalled(reason: "offset \(at) holds nothing new", backoff: true))
            }
            return .answers(answers)
        }
        let events = try await collect(engine(source, stallLimit: 4)) { Self.caughtUp($0).contains(Self.b) }
        let failures = events.compactMap { event -> String? in if case .partitionFailed(Self.a, let reason) = event { reason } else { nil } }
        #expect(failures == ["no progress after 4 answers in a row: offset 2 holds nothing new"])
        #expect(Self.records(events).filter { $0.partition == 0 }.count == 2)
        #expect(Self.records(events).filter { $0.partition == 1 }.count == 30, "the other partition reads to its end")
        #expect(source.slept.withLock { $0 } == [100, 200, 400], "each stall waits the guard's backoff, the last one ends it instead")
        #expect(source.fetched.withLock { $0 }.dropFirst(5).allSatisfy { $0[Self.a] == nil }, "a is not asked for again")
    }

    @Test func progressBetweenStallsStartsTheCountAgainAndARestartMovesThePartition() async throws {
        let log = ScriptedLog(lengths: [Self.a: 12], page: 2)
        // Out of range twice at 0 (the log starts at 6 now), one page, two stalls, then pages:
        // never three setbacks in a row, so never given up.
        let source = ScriptedSource(log: log) { call, positions in
            let at = positions[Self.a]!
            switch call {
            case 1, 2: return .answers([TailAnswer(Self.a, asked: at, next: at, setback: .restart(at: 6, reason: "out of range"))])
            case 4, 5: return .answers([TailAnswer(Self.a, asked: at, next: at, setback: .stalled(reason: "nothing new", backoff: false))])
            default: return log.round(from: positions)
            }
        }
        let events = try await collect(engine(source, stallLimit: 3)) { Self.caughtUp($0).count == 1 }
        #expect(Self.records(events).map { $0.offset.sequenceValue! } == Array(6..<12))
        #expect(source.fetched.withLock { $0 }.prefix(3).map { $0[Self.a] } == [0, 6, 6], "after a restart the rounds ask where it moved")
        #expect(!events.contains { if case .partitionFailed = $0 { true } else { false } })
        #expect(source.slept.withLock { $0 }.isEmpty, "setbacks without backoff ask again at once")
    }

    @Test func aFailureEndsItsPartitionAndTheTailEndsWithTheLast() async throws {
        let log = ScriptedLog(lengths: [Self.a: 4], page: 2)
        let source = ScriptedSource(log: log) { call, positions in
            guard call == 2 else { return log.round(from: positions) }
            let at = positions[Self.a]!
            return .answers([TailAnswer(Self.a, asked: at, next: at, setback: .failed(reason: "corrupt batch"))])
        }
        let events = try await collect(engine(source))
        #expect(events.last == .partitionFailed(Self.a, reason: "corrupt batch"))
        #expect(Self.records(events).count == 2)
    }

    @Test func timeoutsInARowEndTheTailWhenTheSourceAsksForALimit() async throws {
        let log = ScriptedLog(lengths: [Self.a: 4], page: 2)
        let source = ScriptedSource(log: log) { _, _ in .lost(reason: "XREAD timed out", timedOut: true) }
        await #expect(throws: EvmonError.broker(url: "test://", reason: "XREAD timed out 3 times in a row at the same position; giving up")) {
            _ = try await collect(engine(source, timeoutLimit: 3))
        }
    }

    @Test func recordsComeInBatchesOfTheTailsSize() async throws {
        let log = ScriptedLog(lengths: [Self.a: 7], page: 7)
        let source = ScriptedSource(log: log) { _, positions in log.round(from: positions) }
        let events = try await collect(engine(source, batchSize: 3)) { Self.caughtUp($0).count == 1 }
        let sizes = events.compactMap { event -> Int? in if case .records(let batch) = event { batch.records.count } else { nil } }
        #expect(sizes == [3, 3, 1])
    }

    @Test func theNextFetchRunsWhileTheReaderHandlesThePrevious() async throws {
        let log = ScriptedLog(lengths: [Self.a: 100], page: 10)
        let (started, starting) = AsyncStream.makeStream(of: Int.self)
        let source = ScriptedSource(log: log) { call, positions in
            starting.yield(call)
            return log.round(from: positions)
        }
        let engine = engine(source, batchSize: 10)
        var calls = started.makeAsyncIterator()
        _ = try await engine.next()
        #expect(await calls.next() == 1)
        // The reader has not asked for a second event: the second round is on its way anyway.
        #expect(await calls.next() == 2)
        #expect(source.fetched.withLock { $0 }.last == [Self.a: 10])
    }

    @Test func cancellingTheReaderEndsTheTailQuietly() async throws {
        let log = ScriptedLog(lengths: [Self.a: 4], page: 2)
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        // Every round waits until cancelled, as a blocking read does.
        let source = ScriptedSource(log: log) { _, _ in
            starting.yield()
            try await Task.sleep(for: .seconds(3_600))
            return .lost(reason: "unreachable")
        }
        let stream = engine(source).stream(evmonError: { .broker(url: "test://", reason: "\($0)") })
        let reader = Task {
            var events: [TailEvent] = []
            for try await event in stream { events.append(event) }
            return events
        }
        var rounds = started.makeAsyncIterator()
        await rounds.next()
        reader.cancel()
        #expect(try await reader.value == [], "the stream ends without an error")
    }

    static func records(_ events: [TailEvent]) -> [Record] {
        events.flatMap { event -> [Record] in if case .records(let batch) = event { batch.records } else { [] } }
    }

    static func caughtUp(_ events: [TailEvent]) -> Set<TopicPartition> {
        Set(events.compactMap { event in if case .caughtUp(let topicPartition) = event { topicPartition } else { nil } })
    }
}
