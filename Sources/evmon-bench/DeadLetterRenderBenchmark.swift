import EvmonPresentation
import EvmonUI
import Foundation
import EvmonModel
import EvmonApp

/// `render-dlq`: the DLQ pane zoomed at 200×60 over a full dead-letter buffer (2,000 Spring
/// dead letters, 40 reasons whose messages differ in their particulars), so every frame groups
/// all of them by fingerprint; the cursor moves, and reasons fold and entries get marked now and
/// then, as a user would.
/// Reports p50/p99/max per frame, per key press, and per batch of 100 dead letters ingested
/// into the full buffer (where the grouping is redone).
func deadLetterRenderLatency() {
    var state = AppState(brokerURL: "bench://", now: 1_764_000_100_000)
    _ = reduce(&state, .viewConfigured({ var view = state.view; view.width = 200; view.height = 60; return view }()))
    let metadata = ["orders", "orders-dlt"].map { name in
        TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100_000)) })
    }
    _ = reduce(&state, .topicsListed(metadata, at: state.now))
    let count = state.settings.deadLetterCapacity
    // Forty failure classes named by letters: digits would be masked into one fingerprint.
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    let failures: [String] = (0..<40).map { (number: Int) -> String in "Failure" + String(letters[number / 26]) + String(letters[number % 26]) }
    // Twice the buffer: the second half measures ingest into a full one (recognise, evict, regroup).
    var batches: [Double] = []
    for start in stride(from: 0, to: 2 * count, by: 100) {
        let records = (start..<start + 100).map { (index: Int) -> Record in
            let failure = failures[index % 40]
            let offset = withUnsafeBytes(of: Int64(index * 7).bigEndian, Array.init)
            return Record(
                topic: "orders-dlt", partition: index % 3, offset: .sequence(Int64(index / 3)), timestamp: state.now - Int64(2 * count - index) * 50,
                key: Array("ord-\(index)".utf8),
                headers: [
                    Header("kafka_dlt-original-topic", "orders"),
                    Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, UInt8(index % 3)]),
                    Header(name: "kafka_dlt-original-offset", value: offset),
                    Header("kafka_dlt-exception-cause-fqcn", "com.example.inventory.\(failure)Exception"),
                    Header("kafka_dlt-exception-message", "Listener failed; nested exception is \(failure): SKU-\(1000 + index) has no stock left in WH-\(index % 5)"),
                ],
                value: value(index))
        }
        let batch = RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: records)
        let elapsed = seconds { _ = reduce(&state, .recordsFetched(batch)) }
        if start >= count { batches.append(elapsed * 1000) }
    }
    _ = reduce(&state, .keyPressed(.character("5")))
    _ = reduce(&state, .keyPressed(.character("z")))
    var frames: [Double] = []
    var keys: [Double] = []
    var checksum = 0
    for frame in 0..<2_000 {
        // Every 50 frames fold or unfold a reason, or mark an entry (enter on an entry would
        // leave the pane for the detail view).
        let onGroup: Bool = if case .group = state.deadLetterRows[state.view.deadLetters.cursor] { true } else { false }
        let key: Key = frame % 50 == 0 ? (onGroup ? .enter : .character(" ")) : (frame % 400 < 200 ? .down : .up)
        keys.append(seconds { _ = reduce(&state, .keyPressed(key)) } * 1000)
        frames.append(seconds { checksum &+= Int(ScreenRenderer.render(state).cells[frame % 12_000].scalar) } * 1000)
    }
    func describe(_ samples: [Double]) -> String {
        let sorted = samples.sorted()
        let percentile = { (p: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return "p50 \(String(format: "%.3f", percentile(0.5))) ms, p99 \(String(format: "%.3f", percentile(0.99))) ms, max \(String(format: "%.3f", sorted.last!)) ms"
    }
    let reasons = state.deadLetterGroups.count
    precondition(state.view.focus == .dlq && state.view.zoomed == .dlq, "the benchmark left the DLQ pane")
    print("render-dlq: 200x60, \(state.deadLetters.count) dead letters in \(reasons) reasons: frame \(describe(frames)); key \(describe(keys)); a batch of 100 dead letters into the full buffer \(describe(batches)) (goal p99 < 2 ms) [\(checksum % 10)]")
}
