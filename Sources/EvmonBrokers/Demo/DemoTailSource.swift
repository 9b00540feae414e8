import EvmonModel
import EvmonBrokerKit

/// The demo broker's side of a tail (`TailEngine` does the rest): offsets per partition, and
/// several batches a round merged across partitions by timestamp, so a multi-partition tail
/// reads like the story it tells.
actor DemoTailSource: TailSource {
    typealias Position = Int64

    private let broker: DemoBroker
    private let request: TailRequest
    /// The previous round brought no records: wait the broker's poll interval before the next.
    private var idle = false

    init(broker: DemoBroker, request: TailRequest) {
        self.broker = broker
        self.request = request
    }

    func start() async throws -> TailStart<Int64> {
        let (offsets, ends) = try await broker.startOffsets(for: request)
        return TailStart(partitions: offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, ends: ends)
    }

    func fetch(from positions: [TopicPartition: Int64]) async throws -> TailRound<Int64> {
        if idle { try await broker.idle() }
        var current = positions
        // Several batches a trip: each trip brings the simulation up to now, which costs.
        let (batches, atEnd) = await broker.fetch(&current, limit: request.maxBatchSize * 8, batchSize: request.maxBatchSize)
        idle = batches.isEmpty
        // One answer per batch, in the merged order, each read from where the one before left it.
        var reached = positions
        var answers: [TailAnswer<Int64>] = []
        for batch in batches {
            let topicPartition = batch.topicPartition
            guard let asked = reached[topicPartition], let last = batch.records.last?.offset.sequenceValue else { continue }
            reached[topicPartition] = last + 1
            answers.append(TailAnswer(topicPartition, asked: asked, chunks: [batch.records], next: last + 1))
        }
        // Partitions at their end now, and those retention moved on without a record.
        let atEndSet = Set(atEnd)
        for (topicPartition, position) in current.sorted(by: { $0.key < $1.key }) {
            guard let asked = reached[topicPartition], asked != position || atEndSet.contains(topicPartition) else { continue }
            answers.append(TailAnswer(topicPartition, asked: asked, next: position, atEnd: atEndSet.contains(topicPartition)))
        }
        return .answers(answers)
    }
}
