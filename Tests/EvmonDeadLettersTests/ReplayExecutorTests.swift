import EvmonTestSupport
import Synchronization
import Testing
import EvmonModel
import EvmonDeadLetters

/// The executor against a scripted adapter and an in-memory journal: the `sending` line comes
/// first, refusals and silences are told apart, and no audit line means no replay.
@Suite struct ReplayExecutorTests {
    final class ScriptedAdapter: BrokerAdapter {
        let displayURL = "kafka://scripted:9092"
        let answer: @Sendable () throws -> ProducedPosition
        let produced = Mutex<[OutgoingMessage]>([])

        init(answer: @escaping @Sendable () throws -> ProducedPosition) {
            self.answer = answer
        }

        func listTopics() async throws -> [TopicMetadata] { [] }
        func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> { AsyncThrowingStream { $0.finish() } }
        func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] { [] }
        func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
            produced.withLock { $0.append(message) }
            return try answer()
        }
        func connectionStates() -> AsyncStream<ConnectionState> { AsyncStream { $0.finish() } }
        func shutdown() async {}
    }

    final class MemoryJournal: ReplayJournal {
        let entries = Mutex<[ReplayJournalEntry]>([])
        let refuses: Bool

        init(refuses: Bool = false) {
            self.refuses = refuses
        }

        func append(_ entry: ReplayJournalEntry) throws(EvmonError) {
            if refuses { throw .writeRefused("disk full") }
            entries.withLock { $0.append(entry) }
        }
    }

    let plan = ReplayPlan(
        source: DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(3)),
        message: OutgoingMessage(topic: "orders", partition: 1, key: Array("k".utf8), value: Array("v".utf8)),
        route: .originalPartition(1))
    let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 1), offset: .sequence(70))

    func run(_ answer: @escaping @Sendable () throws -> ProducedPosition, journal: MemoryJournal = MemoryJournal()) async throws -> (ReplayOutcome, [ReplayJournalEntry], ScriptedAdapter) {
        let adapter = ScriptedAdapter(answer: answer)
        let outcome = try await ReplayExecutor(adapter: adapter, journal: journal, clock: ManualClock(startingAt: 1_000)).send(plan)
        return (outcome, journal.entries.withLock { $0 }, adapter)
    }

    @Test func aReplayIsLoggedBeforeAndAfter() async throws {
        let position = position
        let (outcome, entries, adapter) = try await run { position }
        #expect(outcome == .replayed(position))
        #expect(entries.map(\.event) == [.sending(plan), .finished(.replayed(position))])
        #expect(entries[0].attempt == entries[1].attempt)
        #expect(entries.allSatisfy { $0.broker == "kafka://scripted:9092" && $0.source == plan.source })
        #expect(adapter.produced.withLock { $0 } == [plan.message])
    }

    @Test func aRefusalIsAFailureWithTheBrokersWords() async throws {
        let (outcome, entries, _) = try await run { throw EvmonError.broker(url: "kafka://scripted:9092", reason: "Produce to orders/1: MESSAGE_TOO_LARGE") }
        #expect(outcome == .failed("Produce to orders/1: MESSAGE_TOO_LARGE"))
        #expect(entries.last?.event == .finished(outcome))
    }

    @Test func silenceAfterSendingIsUnknownNotFailed() async throws {
        let (outcome, entries, _) = try await run { throw EvmonError.outcomeUnknown(url: "kafka://scripted:9092", reason: "Produce to orders/1 got no answer") }
        #expect(outcome == .unknown("Produce to orders/1 got no answer"))
        #expect(entries.last?.event == .finished(outcome))
    }

    @Test func noAuditLineMeansNoReplay() async throws {
        let position = position
        let adapter = ScriptedAdapter { position }
        await #expect(throws: EvmonError.writeRefused("disk full")) {
            try await ReplayExecutor(adapter: adapter, journal: MemoryJournal(refuses: true), clock: ManualClock(startingAt: 0)).send(plan)
        }
        #expect(adapter.produced.withLock { $0 }.isEmpty)
    }
}
