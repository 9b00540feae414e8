import Foundation
import EvmonModel
import EvmonApp
import EvmonBrokers
import EvmonRegistry
import EvmonRuntime
import EvmonSchemas

/// The monitor catching up on a real broker, without a terminal: a `MonitorSession` on the
/// adapter `URL` names streams `TOPIC` from the earliest message, and the time until `COUNT`
/// messages are in its buffers (counted, scanned for dead letters, judged by any watches) is
/// the catch-up rate. Frames are rendered as in the TUI and thrown away. Peak resident memory
/// is sampled every 50 ms.
///
/// With REGISTRY (a schema registry's URL), framed values are decoded as they arrive, as
/// `schema_registry=` makes evmon do: the figure with decoding on.
///
/// usage: evmon-bench catch-up URL TOPIC COUNT [REGISTRY]
enum CatchUpBenchmark {
    static func run(arguments: [String]) async {
        guard arguments.count >= 3, let count = Int(arguments[2]), let url = try? BrokerURL(parsing: arguments[0]) else {
            print("usage: evmon-bench catch-up URL TOPIC COUNT [REGISTRY]")
            exit(2)
        }
        let topic = arguments[1]
        var adapter: any BrokerAdapter
        do {
            adapter = try BrokerFactory.open(url)
            if arguments.count > 3 {
                let endpoint = try RegistryEndpoint(parsing: arguments[3], source: "catch-up", environment: [:])
                adapter = SchemaDecodingAdapter(
                    adapter, plan: SchemaPlan(usesRegistry: true), catalog: SchemaCatalog(source: ConfluentRegistry(endpoint)))
            }
        } catch {
            print("catch-up: \(error)")
            exit(2)
        }
        var settings = AppSettings()
        settings.initialTopics = [topic]
        let frames = FrameCounter()
        let session = MonitorSession(
            adapter: adapter, clock: SystemClock(), settings: settings,
            configure: { view in
                view.width = 200
                view.height = 60
                view.startPosition = .earliest
            },
            present: { _ in frames.add() })
        let started = ContinuousClock.now
        await session.start()
        var peak = residentBytes()
        var received = 0
        while received < count {
            try? await Task.sleep(for: .milliseconds(50))
            peak = max(peak, residentBytes())
            received = await session.state.topics[topic]?.receivedCount ?? 0
            if ContinuousClock.now - started > .seconds(120) {
                print("catch-up: only \(received) of \(count) messages after 120 s")
                exit(1)
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        await session.stop()
        print("catch-up: \(received) messages in \(String(format: "%.2f", seconds)) s = \(Int(Double(received) / seconds)) msg/s, \(frames.count) frames, peak RSS \(peak >> 20) MiB")
    }
}

/// Counts frames from the presenter's thread.
final class FrameCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var frames = 0
    func add() { lock.withLock { frames += 1 } }
    var count: Int { lock.withLock { frames } }
}
