import EvmonModel
import EvmonTrace

/// Reads each partition of the searched topics from the window's start to its end (or to the
/// partition's end, if that comes first) and keeps the messages that join the trace.
struct TraceSearch {
    let adapter: any BrokerAdapter
    let partitions: Set<TopicPartition>
    /// The window, epoch milliseconds, both ends included.
    let from: Int64
    let until: Int64

    func run(topics: [String], matcher: TraceMatcher, into trace: inout Trace) async throws {
        var open = partitions
        var failures: [String] = []
        let request = TailRequest(topics: topics, partitions: nil, start: .timestamp(from))
        for try await event in adapter.tail(request) {
            switch event {
            case .records(let batch):
                guard open.contains(batch.topicPartition) else { continue }
                for record in batch.records {
                    // Past the window: this partition is done (its later messages are later still,
                    // give or take producers' clocks, which the window's width absorbs).
                    if record.timestamp > until {
                        open.remove(batch.topicPartition)
                        break
                    }
                    if record.timestamp >= from, let link = matcher.link(of: record) { trace.add(record, link: link) }
                }
            case .caughtUp(let topicPartition):
                open.remove(topicPartition)
            case .partitionFailed(let topicPartition, let reason):
                failures.append("\(topicPartition): \(reason)")
                open.remove(topicPartition)
            case .startMoved, .connection:
                continue
            }
            if open.isEmpty { break }
        }
        if !failures.isEmpty { throw EvmonError.broker(url: adapter.displayURL, reason: failures.joined(separator: "; ")) }
    }
}
