import EvmonUI
import Foundation
import EvmonModel
import EvmonApp

/// `trace`: `t` on a message with 30,000 messages buffered (10,000 in each of three topics, the
/// TUI's per-topic cap), each order's three events spread over the topics under different keys
/// and joined by `.payload.order_id`: the time from the key to the first frame of the trace view,
/// whose rows come from the buffers. p50/p99/max over 200 presses.
enum TraceBenchmark {
    static func run() {
        var state = AppState(brokerURL: "bench://", now: 1_764_000_100_000)
        _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 200; view.height = 60; return view }()))
        _ = reduce(&state, .connectionChanged(.connected))
        let names = ["orders", "inventory", "shipping"]
        let metadata = names.map { name in
            TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100_000)) })
        }
        _ = reduce(&state, .topicsListed(metadata, at: state.now))
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in "topic orders inventory shipping" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        for (topicIndex, topic) in names.enumerated() {
            for partition in 0..<3 {
                let records = (0..<3_334).map { index -> Record in
                    let order = index * 3 + partition
                    let value = #"{"event_type":"E\#(topicIndex)","payload":{"order_id":"ord-\#(order)","total":24.5}}"#
                    return Record(
                        topic: topic, partition: partition, offset: .sequence(Int64(index)), timestamp: 1_764_000_000_000 + Int64(order * 10 + topicIndex),
                        key: Array("\(topic)-\(order)".utf8), headers: [], value: Array(value.utf8))
                }
                _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: topic, partition: partition), records: records)))
            }
        }
        let held = state.topics.values.reduce(0) { $0 + $1.buffer.count }
        var samples: [Double] = []
        var rows = 0
        for press in 0..<200 {
            _ = reduce(&state, .keyPressed(press % 2 == 0 ? .pageUp : .pageDown))
            let elapsed = seconds {
                _ = reduce(&state, .keyPressed(.character("t")))
                rows = state.view.trace?.rows.count ?? 0
                _ = ScreenRenderer.render(state)
            }
            samples.append(elapsed * 1000)
            // No runtime answers the search here: the first Esc stops it, the second goes back.
            _ = reduce(&state, .keyPressed(.escape))
            _ = reduce(&state, .keyPressed(.escape))
            precondition(state.view.trace == nil, "the trace view closed")
        }
        samples.sort()
        let percentile = { (p: Double) in samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        print("trace: t to first frame over \(held) buffered messages (\(rows) rows): p50 \(String(format: "%.2f", percentile(0.5))) ms, p99 \(String(format: "%.2f", percentile(0.99))) ms, max \(String(format: "%.2f", samples.last!)) ms (goal < 50 ms)")
    }
}
