import EvmonPresentation
import EvmonRuntime
import EvmonUI
import Foundation
import Synchronization
import EvmonModel
import EvmonApp
import EvmonBrokers

/// `keypress [SECONDS] [EVENTS_PER_SECOND]`: the TUI's session on a demo broker pushed to
/// ~50,000 messages/s (default), with a key pressed every 50 ms; reports key-press-to-frame
/// latency (p50/p99/max), the ingest rate reached, and resident memory sampled through the run.
///
/// The frame is the one the renderer hands to the terminal driver, whose `present` only swaps a
/// pointer; curses drawing happens on the driver's own thread.
func keypressLatency(arguments: [String]) async {
    let duration = Double(arguments.first ?? "") ?? 30
    let eventsPerSecond = Double(arguments.dropFirst().first ?? "") ?? 50_000
    // The scenario writes about 2.2 events per order (created, reserved or failed, sometimes more).
    let broker = DemoBroker(options: .init(seed: 3, rate: eventsPerSecond / 2.2), clock: SystemClock())
    let frames = Mutex<(count: Int, last: ContinuousClock.Instant?)>((0, nil))
    let session = MonitorSession(
        adapter: broker, clock: SystemClock(),
        configure: { view in
            view.width = 200
            view.height = 60
        },
        present: { _ in frames.withLock { $0 = ($0.count + 1, ContinuousClock.now) } })
    await session.start()
    try? await Task.sleep(for: .seconds(2))
    let startCount = await session.state.ingestedCount
    let start = ContinuousClock.now
    var latencies: [Double] = []
    var memory: [Int] = []
    let keys: [Key] = [.tab, .tab, .tab, .tab, .tab, .tab, .character("k"), .character("G"), .character("z"), .character("z")]
    var pressed = 0
    while ContinuousClock.now - start < .seconds(duration) {
        let before = ContinuousClock.now
        await session.handle(keys[pressed % keys.count])
        let after = frames.withLock { $0.last } ?? before
        latencies.append(Double((after - before).components.attoseconds) / 1e15 + Double((after - before).components.seconds) * 1000)
        pressed += 1
        if pressed % 20 == 0 { memory.append(residentBytes()) }
        try? await Task.sleep(for: .milliseconds(50))
    }
    let elapsed = ContinuousClock.now - start
    let ingested = await session.state.ingestedCount - startCount
    await session.stop()
    latencies.sort()
    let p = { (q: Double) in latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("keypress: \(latencies.count) keys over \(Int(seconds)) s while ingesting \(Int(Double(ingested) / seconds)) msg/s: latency p50 \(String(format: "%.2f", p(0.5))) ms, p99 \(String(format: "%.2f", p(0.99))) ms, max \(String(format: "%.2f", latencies.last ?? 0)) ms (goal p99 < 50 ms)")
    let mib = memory.map { $0 >> 20 }
    print("keypress: resident MiB first \(mib.first ?? 0), min \(mib.min() ?? 0), max \(mib.max() ?? 0), last \(mib.last ?? 0) over the run; frames presented \(frames.withLock { $0.count })")
    // One sample per tenth of the run: flat means the second half stays where the first ended.
    let tenth = max(1, mib.count / 10)
    print("keypress: resident MiB by tenth of the run: \(stride(from: tenth - 1, to: mib.count, by: tenth).map { String(mib[$0]) }.joined(separator: " "))")
}
