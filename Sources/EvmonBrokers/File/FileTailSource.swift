import EvmonBrokerKit
import EvmonModel

/// A capture's side of a tail (`TailEngine` does the rest): positions are indexes into each
/// partition's messages, handed out merged by time across partitions (a capture reads like the
/// story it recorded, as the live tail showed it); at the end, the file is looked at again for
/// lines appended since.
actor FileTailSource: TailSource {
    typealias Position = Int

    private let broker: FileBroker
    private let request: TailRequest
    /// The previous round found nothing new: wait before looking at the file again.
    private var idle = false

    init(broker: FileBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
    }

    func start() async throws -> TailStart<Int> {
        let (starts, ends) = try await broker.start(request)
        return TailStart(partitions: starts, ends: ends)
    }

    /// What one partition brought this round.
    private struct Read {
        var topicPartition: TopicPartition
        var position: Int
        var records: [Record]
        /// The partition's messages now: more lie beyond `records` when it is larger.
        var count: Int
        var hasMore: Bool { position + records.count < count }
    }

    func fetch(from positions: [TopicPartition: Int]) async throws -> TailRound<Int> {
        if idle {
            try await Task.sleep(for: broker.pollInterval)
            try await broker.follow()
        }
        var wanted: [(TopicPartition, Int, ArraySlice<CaptureIndex.Entry>, Int)] = []
        for (topicPartition, position) in positions.sorted(by: { $0.key < $1.key }) {
            let (entries, count) = await broker.entries(topicPartition, from: position, limit: request.maxBatchSize * 4)
            wanted.append((topicPartition, position, entries, count))
        }
        // Decoding is most of a capture's cost: the partitions are decoded at the same time.
        let broker = broker
        let decoded = try await withThrowingTaskGroup(of: (Int, [Record]).self) { group in
            for (index, (topicPartition, _, entries, _)) in wanted.enumerated() where !entries.isEmpty {
                group.addTask { (index, try broker.records(entries, of: topicPartition)) }
            }
            var decoded = [[Record]](repeating: [], count: wanted.count)
            for try await (index, records) in group { decoded[index] = records }
            return decoded
        }
        let reads = wanted.enumerated().map { index, read in
            Read(topicPartition: read.0, position: read.1, records: decoded[index], count: read.3)
        }
        let answers = Self.merged(reads)
        idle = answers.allSatisfy(\.chunks.isEmpty)
        return .answers(answers)
    }

    /// Answers in time order across partitions: runs of one partition's records, each asked
    /// where the one before left it. Only records no later than the earliest last record of a
    /// partition with more to read go out: the rest wait, so that the next round can still
    /// place that partition's next records before them.
    private static func merged(_ reads: [Read]) -> [TailAnswer<Int>] {
        let horizon = reads.filter(\.hasMore).compactMap { $0.records.last?.timestamp }.min() ?? .max
        var taken = reads.map { _ in 0 }
        var answers: [TailAnswer<Int>] = []
        while true {
            var best: Int?
            for index in reads.indices where taken[index] < reads[index].records.count {
                let timestamp = reads[index].records[taken[index]].timestamp
                guard timestamp <= horizon else { continue }
                if best.map({ timestamp < reads[$0].records[taken[$0]].timestamp }) ?? true { best = index }
            }
            guard let index = best else { break }
            let read = reads[index]
            let asked = read.position + taken[index]
            taken[index] += 1
            // Extend the run while this partition stays first (ties go to the partition sorted
            // first, as the live demo orders them).
            while taken[index] < read.records.count, read.records[taken[index]].timestamp <= horizon,
                  !reads.indices.contains(where: { other in
                      guard other != index, taken[other] < reads[other].records.count else { return false }
                      let theirs = reads[other].records[taken[other]].timestamp
                      let mine = read.records[taken[index]].timestamp
                      return theirs < mine || (theirs == mine && other < index)
                  }) {
                taken[index] += 1
            }
            let records = Array(read.records[(asked - read.position)..<taken[index]])
            let next = read.position + taken[index]
            answers.append(TailAnswer(read.topicPartition, asked: asked, chunks: [records], next: next, atEnd: next >= read.count))
        }
        // Partitions with nothing to hand out still say where they stand (at their end, or not).
        for (index, read) in reads.enumerated() where taken[index] == 0 {
            answers.append(TailAnswer(read.topicPartition, asked: read.position, next: read.position, atEnd: !read.hasMore && read.records.isEmpty))
        }
        return answers
    }
}
