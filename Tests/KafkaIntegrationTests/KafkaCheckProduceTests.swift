import EvmonTestSupport
import Foundation
import Testing

/// `evmon check --produce` on Tansu: "given these events, the system answers in time", with a
/// consumer (confluent-kafka) that answers, and without one.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaCheckProduceTests {
    struct Setup {
        var orders: String
        var inventory: String
        var fixtures: TemporaryFile
        var watches: TemporaryFile
    }

    /// Two topics with history (an unanswered order from before: judged only if history were
    /// read), the fixtures, and a watch that every new order is reserved within `seconds`.
    static func setup(within seconds: Int) async throws -> Setup {
        let orders = KafkaTestBroker.uniqueTopic("given-orders")
        let inventory = KafkaTestBroker.uniqueTopic("given-inventory")
        let old = #"{"event_type":"OrderCreated","payload":{"order_id":"ord-old"}}"#
        try await KafkaTestBroker.produce([.init(partition: 0, key: Array("ord-old".utf8), value: Array(old.utf8))], topic: orders, createPartitions: 2)
        try await KafkaTestBroker.produce([], topic: inventory, createPartitions: 1)
        let fixtures = try TemporaryFile(contents: (1...3).map { index in
            #"{"topic":"\#(orders)","key":"ord-\#(index)","value":{"event_type":"OrderCreated","payload":{"order_id":"ord-\#(index)"}}}"#
        }.joined(separator: "\n"))
        let watches = try TemporaryFile(contents: """
            watches:
              - name: reserved in time
                topic: \(orders)
                where: '.event_type == "OrderCreated"'
                followed_by: { topic: \(inventory), where: '.event_type == "InventoryReserved"', match: .payload.order_id, within: \(seconds)s }
            """, suffix: ".yaml")
        return Setup(orders: orders, inventory: inventory, fixtures: fixtures, watches: watches)
    }

    /// 30 s: a loaded `make test` once kept the Python consumer's answers past 2 s, and once past
    /// `--idle`. Quiet does not end a run while an obligation the fixtures opened is open, so the
    /// run ends 3 s after the third answer however late it comes within its 30 s.
    @Test func theWatchPassesWhenTheConsumerAnswersWhatWasProduced() async throws {
        let setup = try await Self.setup(within: 30)
        let consumer = try BackgroundScript(KafkaTestBroker.scripts, "answer.py", [try KafkaTestBroker.bootstrap(), setup.orders, setup.inventory])
        defer { consumer.stop() }
        try await consumer.waitFor("ready")
        let outcome = try await KafkaTestBroker.evmon(
            ["check", "--watches", setup.watches.path, "--produce", setup.fixtures.path, "--until", "120s", "--idle", "3s", "--format", "json"], timeout: 150)
        #expect(outcome.exitCode == 0, "stdout: \(outcome.standardOutput) stderr: \(outcome.standardError) consumer: \(consumer.output)")
        #expect(outcome.standardError.contains("produced 3 fixture messages"))
        let verdict = try #require(try outcome.lines.map { try TailJSON.object($0) }.first)
        #expect(verdict["status"] as? String == "pass")
        #expect(consumer.output.components(separatedBy: "answered").count - 1 == 3)
    }

    /// A service slower than `--idle` (4 s per answer, idle 1 s) still passes: quiet is not the
    /// end while the fixtures' obligations are open within their time.
    @Test func aSlowAnswerLongerThanIdleIsWaitedFor() async throws {
        let setup = try await Self.setup(within: 30)
        let consumer = try BackgroundScript(KafkaTestBroker.scripts, "answer.py", [try KafkaTestBroker.bootstrap(), setup.orders, setup.inventory, "4"])
        defer { consumer.stop() }
        try await consumer.waitFor("ready")
        let outcome = try await KafkaTestBroker.evmon(
            ["check", "--watches", setup.watches.path, "--produce", setup.fixtures.path, "--until", "120s", "--idle", "1s", "--format", "json"], timeout: 150)
        let verdict = try #require(try outcome.lines.map { try TailJSON.object($0) }.first)
        #expect(verdict["status"] as? String == "pass", "stdout: \(outcome.standardOutput) stderr: \(outcome.standardError) consumer: \(consumer.output)")
        #expect(consumer.output.components(separatedBy: "answered").count - 1 == 3)
    }

    @Test func theWatchFailsWhenNothingAnswers() async throws {
        let setup = try await Self.setup(within: 2)
        let outcome = try await KafkaTestBroker.evmon(["check", "--watches", setup.watches.path, "--produce", setup.fixtures.path, "--until", "5s"])
        #expect(outcome.exitCode == 1, "stdout: \(outcome.standardOutput) stderr: \(outcome.standardError)")
        // The fixtures, not the unanswered order from before them, are what failed.
        #expect(outcome.standardOutput.contains("ord-1") || outcome.standardOutput.contains("ord-2") || outcome.standardOutput.contains("ord-3"))
        #expect(!outcome.standardOutput.contains("ord-old"))
    }

    @Test func producingIsRefusedUnderReadOnly() async throws {
        let setup = try await Self.setup(within: 2)
        let outcome = try await KafkaTestBroker.evmon(["check", "--watches", setup.watches.path, "--produce", setup.fixtures.path, "--read-only"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardError.contains("read-only (--read-only): check --produce would write"))
    }
}
