import EvmonPresentation
import EvmonTestSupport
import EvmonConfig
import EvmonRuntime
import Foundation
import Testing
import EvmonModel
import EvmonApp
import EvmonSchemas
@testable import EvmonBrokers

/// A monitor session on the pinned demo broker, driven by a manual clock, waited on until the
/// tails have delivered everything: the same state on every run, for golden screens.
struct DemoSessionFixture {
    static let pinnedStart: Int64 = 1_764_115_200_000
    let clock = ManualClock(startingAt: pinnedStart)
    let broker: DemoBroker
    let session: MonitorSession

    /// `avro`: the demo's Avro topic too, decoded through the demo's own registry.
    init(width: Int, height: Int, watchesPath: String? = nil, avro: Bool = false) {
        let demo = DemoBroker(options: .init(seed: 7, start: Self.pinnedStart, avro: avro), clock: clock, pollInterval: .milliseconds(1))
        broker = demo
        var adapter: any BrokerAdapter = demo
        if let registry = demo.schemaSource {
            adapter = SchemaDecodingAdapter(demo, plan: SchemaPlan(usesRegistry: true), catalog: SchemaCatalog(source: registry))
        }
        session = MonitorSession(
            adapter: adapter, clock: clock,
            configure: { view in
                view.width = width
                view.height = height
            },
            frameInterval: .milliseconds(5), tickInterval: .seconds(3600),
            loadWatches: { path throws(EvmonError) in try WatchFile.load(path: path).watches }, watchesPath: watchesPath,
            present: { _ in })
    }

    /// Starts the session and polls lag `polls` times, two seconds of demo time apart.
    func settle(lagPolls polls: Int = 6) async throws {
        await session.start()
        try await waitUntilCaughtUp()
        for _ in 1..<polls {
            clock.advance(by: 2_000)
            await session.send(.clockTicked(at: clock.now()))
            try await waitUntilCaughtUp()
        }
    }

    /// Waits until every tailed partition holds its topic's end offset and lag matches the clock.
    /// Generous: on a 2-core machine the whole suite runs at once, and tests that block threads
    /// (processes, tmux) starved this one past 90 s in a loaded `make test`; alone it settles
    /// in about a second.
    func waitUntilCaughtUp() async throws {
        let ends = try await broker.listTopics()
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            let state = await session.state
            let tailed = state.tailedTopics
            let done = !tailed.isEmpty && tailed.allSatisfy { name in
                guard let topic = state.topics[name], let metadata = ends.first(where: { $0.name == name }) else { return false }
                return metadata.partitions.allSatisfy { partition in
                    let newest = topic.buffer.partitions[partition.id]?.newest?.record.offset
                    return partition.endOffset == nil || partition.endOffset == .sequence(0)
                        || newest.map { .sequence(($0.sequenceValue ?? 0) + 1) == partition.endOffset } ?? false
                }
            } && state.groups.values.allSatisfy { $0.polledAt == clock.now() } && !state.groups.isEmpty
                && state.topics.values.allSatisfy { $0.metadata.partitions.count == 3 }
            if done { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the demo session did not settle within 300 s")
    }

    /// Waits until the trace `t` opened has finished searching the broker.
    func waitUntilTraceSearched() async throws {
        for _ in 0..<500 {
            let trace = await session.state.view.trace
            if let trace, !trace.isSearching { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the trace search never ended")
    }

    func press(_ keys: Key...) async {
        for key in keys { await session.handle(key) }
    }

    func type(_ text: String) async {
        for character in text { await session.handle(.character(character)) }
    }
}
