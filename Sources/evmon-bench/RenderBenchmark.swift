import EvmonUI
import Foundation
import EvmonModel
import EvmonApp

/// `render`: full-screen renders of a 200×60 screen from a state holding 10,000 buffered
/// messages per streamed topic (plus lag groups and dead letters); reports p50/p99/max per frame.
func renderLatency() {
    var state = AppState(brokerURL: "bench://", now: 1_764_000_100_000)
    _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 200; view.height = 60; return view }()))
    _ = reduce(&state, .connectionChanged(.connected))
    let metadata = topics.map { name in
        TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100_000)) })
    }
    _ = reduce(&state, .topicsListed(metadata, at: state.now))
    for index in 0..<(30_000 / batchSize) { _ = reduce(&state, .recordsFetched(makeBatch(index))) }
    let groups = (0..<4).map { group in
        ConsumerGroupSnapshot(group: "group-\(group)", state: "Stable", partitions: (0..<3).map {
            PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: $0), committed: .sequence(Int64(90_000 + group)), end: .sequence(100_000))
        })
    }
    for poll in 0..<20 { _ = reduce(&state, .lagPolled(groups, at: state.now + Int64(poll) * 2_000)) }
    let held = state.topics.values.reduce(0) { $0 + $1.buffer.count }
    // Alternate between following and a cursor in the middle, as a user scrolling would.
    var samples: [Double] = []
    var checksum = 0
    for frame in 0..<2_000 {
        if frame % 100 == 0 { _ = reduce(&state, .keyPressed(frame % 200 == 0 ? .pageUp : .character("G"))) }
        let elapsed = seconds { checksum &+= Int(ScreenRenderer.render(state).cells[frame % 12_000].scalar) }
        samples.append(elapsed * 1000)
    }
    samples.sort()
    let percentile = { (p: Double) in samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
    print("render: 200x60 from \(held) buffered records, \(state.view.stream.rowCount) stream rows: p50 \(String(format: "%.3f", percentile(0.5))) ms, p99 \(String(format: "%.3f", percentile(0.99))) ms, max \(String(format: "%.3f", samples.last!)) ms (goal p99 < 2 ms) [\(checksum % 10)]")
}
