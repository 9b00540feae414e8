import Foundation
import EvmonModel
import EvmonJSON
import EvmonApp

/// Benchmarks of evmon's core, run with `make bench` (a release build).
///
/// `ingest`: records appended through the Store into ring buffers, 200-byte JSON values,
/// one core; reports records/s (best of several rounds).
/// `ingest-memory`: 10 million freshly allocated records through the Store at the default
/// buffer size; reports resident memory growth and the rate including record construction.
/// `format`: the tail output formats, records/s and MB/s.
/// `render`: full-screen render latency (RenderBenchmark.swift).
/// `render-dlq`: the DLQ pane grouping 2,000 dead letters every frame (DeadLetterRenderBenchmark.swift).

let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? ""

func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A ~200-byte JSON event, distinct per index.
func value(_ index: Int) -> [UInt8] {
    let json = #"{"event_id":"6f1c2a9e-\#(index)","event_type":"OrderCreated","timestamp":"2026-11-26T01:02:03.456Z","payload":{"order_id":"ord-\#(index)","user_id":"user-42","total":59.75,"sequence":1}}"#
    var bytes = Array(json.utf8)
    while bytes.count < 200 { bytes.append(UInt8(ascii: " ")) }
    return bytes
}

let topics = ["orders", "inventory", "orders-dlt"]
let batchSize = 500

func makeBatch(_ batchIndex: Int) -> RecordBatch {
    let topic = topics[batchIndex % topics.count]
    let partition = batchIndex / topics.count % 3
    let base = batchIndex * batchSize
    let records = (0..<batchSize).map { offset in
        Record(
            topic: topic, partition: partition, offset: .sequence(Int64(base + offset)), timestamp: 1_764_000_000_000 + Int64(base + offset),
            key: Array("ord-\(base + offset)".utf8), headers: [Header("content-type", "application/json")], value: value(base + offset))
    }
    return RecordBatch(topicPartition: TopicPartition(topic: topic, partition: partition), records: records)
}

func ingestThroughput() {
    let recordCount = 1_000_000
    let batches = (0..<(recordCount / batchSize)).map(makeBatch)
    var best = Double.infinity
    for round in 1...5 {
        let store = Store(brokerURL: "bench://", clock: FrozenClock())
        let elapsed = seconds {
            for batch in batches { store.send(.recordsFetched(batch)) }
        }
        precondition(store.state.ingestedCount == recordCount)
        best = min(best, elapsed)
        print("ingest round \(round): \(Int(Double(recordCount) / elapsed)) records/s")
    }
    print("ingest best: \(Int(Double(recordCount) / best)) records/s (1,000,000 records, 200-byte values, goal ≥ 2,000,000)")
}

func ingestMemory() {
    let total = 10_000_000
    let store = Store(brokerURL: "bench://", clock: FrozenClock())
    let before = residentBytes()
    var peak = before
    let elapsed = seconds {
        for batchIndex in 0..<(total / batchSize) {
            store.send(.recordsFetched(makeBatch(batchIndex)))
            if batchIndex % 2_000 == 0 { peak = max(peak, residentBytes()) }
        }
    }
    let after = residentBytes()
    peak = max(peak, after)
    print("ingest-memory: \(total) records, held \(store.state.topics.values.reduce(0) { $0 + $1.buffer.count }), dropped \(store.state.droppedCount)")
    print("ingest-memory: \(Int(Double(total) / elapsed)) records/s including building each record (key, header, value allocations) and freeing evicted ones")
    print("ingest-memory: resident before \(before >> 20) MiB, after \(after >> 20) MiB, peak \(peak >> 20) MiB, growth \((after - before) >> 20) MiB (goal < 64 MiB)")
}

/// `tail --format json` and `--format text` formatting, without I/O: records/s and MB/s.
func formatThroughput() {
    let batches = (0..<(200_000 / batchSize)).map(makeBatch)
    for (name, format) in [("json", RecordFormat.json), ("text", RecordFormat.text)] {
        var best = Double.infinity
        var bytes = 0
        for _ in 1...5 {
            var output: [UInt8] = []
            output.reserveCapacity(1 << 20)
            bytes = 0
            let elapsed = seconds {
                for batch in batches {
                    for record in batch.records { format.append(record, to: &output) }
                    bytes += output.count
                    output.removeAll(keepingCapacity: true)
                }
            }
            best = min(best, elapsed)
        }
        print("format-\(name): \(Int(200_000 / best)) records/s, \(Int(Double(bytes) / best / 1e6)) MB/s (200,000 records, 200-byte values)")
    }
}

switch which {
case "ingest": ingestThroughput()
case "ingest-memory": ingestMemory()
case "format": formatThroughput()
case "render": renderLatency()
case "render-dlq": deadLetterRenderLatency()
case "keypress": await keypressLatency(arguments: Array(arguments.dropFirst()))
case "watches": WatchesBenchmark.run()
case "trace": TraceBenchmark.run()
case "avro": AvroBenchmark.run()
case "protobuf": ProtobufBenchmark.run()
case "catch-up": await CatchUpBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    // Each benchmark runs in a process of its own, so memory figures start from a clean heap.
    print("usage: evmon-bench ingest|ingest-memory|format|render|render-dlq|keypress [SECONDS] [EVENTS_PER_SECOND]|watches|trace|avro|protobuf|catch-up URL TOPIC COUNT")
    exit(2)
}

/// Time that stands still, so a benchmark measures the reducer, not the clock.
struct FrozenClock: WallClock {
    func now() -> Int64 { 0 }
}
