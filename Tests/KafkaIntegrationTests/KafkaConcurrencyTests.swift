import EvmonTestSupport
import Foundation
import Testing
import EvmonBrokers

/// The TUI asks for topics, lag and tails at once, on one adapter.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaConcurrencyTests {
    /// The limit turns a deadlock into a failure; it measures nothing. Three minutes, since under
    /// `make test` every suite shares two cooperative threads and this test's tasks (and the
    /// limit's own) wait their turn: runs of ~160 s saw it fail at "60 s" after 137 s of wall time,
    /// while alone, and in the Kafka suite alone, it answers in 10 ms.
    @Test(.timeLimit(.minutes(3)))
    func concurrentCallsOnOneAdapterAllAnswer() async throws {
        let parts = try KafkaTestBroker.bootstrap().split(separator: ":")
        let adapter = try BrokerFactory.open(.kafka(hosts: [.init(host: String(parts[0]), port: Int(parts[1])!)], tls: nil, sasl: nil))
        async let topics = adapter.listTopics()
        async let groups = adapter.listConsumerGroups()
        async let moreTopics = adapter.listTopics()
        _ = try await (topics, groups, moreTopics)
        var states = adapter.connectionStates().makeAsyncIterator()
        #expect(await states.next() == .connected)
        await adapter.shutdown()
    }
}
