import EvmonModel
import Testing
@testable import EvmonKafka

/// A tail fetches on connections of its own: a broker answers one connection's requests in
/// order, so a Fetch held for its wait on a shared connection held up a seek's new tail (and
/// every lag poll) by up to half a second.
@Suite struct KafkaFetchLaneTests {
    @Test func aTailFetchesOnItsOwnConnectionAndClosesItWhenItEnds() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 3)
        var broker: KafkaBroker? = KafkaBroker(displayURL: "kafka://fake", hosts: [.init(host: "fake", port: 9001)], connector: fake)
        for try await event in broker!.tail(TailRequest(topics: ["orders"], start: .earliest)) {
            if case .caughtUp = event { break }
        }
        let log = fake.requestConnections
        let fetching = Set(log.filter { $0.api == "FetchRequest" }.map(\.connection))
        let others = Set(log.filter { $0.api != "FetchRequest" }.map(\.connection))
        #expect(!fetching.isEmpty && !others.isEmpty)
        #expect(fetching.isDisjoint(with: others), "\(log)")
        // The tail is gone once its stream is: its connection closes, the shared ones stay open.
        broker = nil
        for _ in 0..<500 where !fetching.isSubset(of: fake.closed) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(fetching.isSubset(of: fake.closed))
        #expect(others.isDisjoint(with: fake.closed))
    }
}
