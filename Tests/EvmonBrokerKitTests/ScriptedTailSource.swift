import Synchronization
import EvmonModel
import EvmonBrokerKit

/// Partitions of records held in memory, read a page per partition and round: what a healthy
/// broker answers, for `ScriptedSource` scripts to use or to replace.
final class ScriptedLog: Sendable {
    private let lengths: Mutex<[TopicPartition: Int64]>
    let startLengths: [TopicPartition: Int64]
    let page: Int64

    init(lengths: [TopicPartition: Int64], page: Int64) {
        self.lengths = Mutex(lengths)
        startLengths = lengths
        self.page = page
    }

    /// `count` more records at the end of `topicPartition`.
    func append(_ count: Int64, to topicPartition: TopicPartition) {
        lengths.withLock { $0[topicPartition, default: 0] += count }
    }

    /// A page from each position, each partition saying whether it is now at its end.
    func round(from positions: [TopicPartition: Int64]) -> TailRound<Int64> {
        let lengths = self.lengths.withLock { $0 }
        return .answers(positions.keys.sorted().map { topicPartition in
            let from = positions[topicPartition]!
            let end = lengths[topicPartition] ?? 0
            let next = min(end, from + page)
            let records = (from..<max(from, next)).map {
                Record(topic: topicPartition.topic, partition: topicPartition.partition, offset: .sequence($0), timestamp: 0, key: nil, headers: [], value: nil)
            }
            return TailAnswer(topicPartition, asked: from, chunks: records.isEmpty ? [] : [records], next: max(from, next), atEnd: next >= end)
        })
    }
}

/// A tail source whose rounds a test scripts: `respond` gets the call's number (from 1) and the
/// positions asked. Every partition of the log starts at 0; its end at the start is its length.
/// Records what was asked, what the engine reported and every backoff it waited.
final class ScriptedSource: TailSource {
    typealias Position = Int64

    let log: ScriptedLog
    private let respond: @Sendable (Int, [TopicPartition: Int64]) async throws -> TailRound<Int64>
    private let calls = Mutex(0)
    /// The positions of every round asked, in order.
    let fetched = Mutex<[[TopicPartition: Int64]]>([])
    /// Connection states the engine reported to the adapter.
    let states = Mutex<[ConnectionState]>([])
    /// Milliseconds of every backoff the engine waited.
    let slept = Mutex<[Int64]>([])

    init(log: ScriptedLog, respond: @escaping @Sendable (Int, [TopicPartition: Int64]) async throws -> TailRound<Int64>) {
        self.log = log
        self.respond = respond
    }

    func start() async throws -> TailStart<Int64> {
        TailStart(partitions: log.startLengths.keys.sorted().map { ($0, 0) }, ends: log.startLengths)
    }

    func fetch(from positions: [TopicPartition: Int64]) async throws -> TailRound<Int64> {
        fetched.withLock { $0.append(positions) }
        let call = calls.withLock { calls in
            calls += 1
            return calls
        }
        return try await respond(call, positions)
    }
}
