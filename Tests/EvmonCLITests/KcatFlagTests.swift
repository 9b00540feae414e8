import EvmonTestSupport
import Foundation
import Testing

/// kcat's consumer flags on `evmon tail` (docs/CLI.md "kcat's flags"), on the pinned demo broker;
/// KafkaKcatCompatibilityTests compares them with kcat itself on Tansu.
@Suite struct KcatFlagTests {
    @Test func shortFlagsReadWhatTheLongOptionsRead() throws {
        let kcatSpelling = try evmon("tail", "-b", pinnedDemo, "-t", "orders", "-p", "1", "-o", "5", "-c", "3", "-f", "%p %o %k\\n")
        let evmonSpelling = try evmon("tail", "orders", "--broker", pinnedDemo, "--partition", "1", "--from", "5", "--count", "3", "--format", "%p %o %k\\n")
        #expect(kcatSpelling.exitCode == 0, "\(kcatSpelling.standardError)")
        #expect(kcatSpelling.lines.map { $0.prefix(4) } == ["1 5 ", "1 6 ", "1 7 "])
        #expect(kcatSpelling.lines == evmonSpelling.lines)
    }

    @Test func consumerModeStartsAtTheBeginningAsKcatDoes() throws {
        let outcome = try evmon("tail", "-C", "-b", pinnedDemo, "-t", "orders", "-p", "0", "-c", "3", "-f", "%o\\n")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == ["0", "1", "2"])
    }

    /// `e@MS` stops each partition at its first message at or after MS, without printing it,
    /// and the tail ends once every partition stopped (no `-e` needed).
    @Test func endTimeStopsEachPartition() throws {
        let end: Int64 = 1_764_115_200_000 - 170_000
        let outcome = try evmon("tail", "-b", pinnedDemo, "-t", "orders", "-o", "beginning", "-o", "e@\(end)", "-f", "%p %T\\n")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let rows = outcome.lines.map { $0.split(separator: " ") }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { Int64($0[1])! < end })
        #expect(Set(rows.map { $0[0] }) == ["0", "1", "2"])
    }

    @Test func jsonEnvelopeHasKcatsFields() throws {
        let outcome = try evmon("tail", "-C", "-J", "-b", pinnedDemo, "-t", "orders", "-c", "5")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        for object in try jsonLines(outcome) {
            #expect(Set(object.keys) == ["topic", "partition", "offset", "tstype", "ts", "broker", "headers", "key", "payload"])
            #expect(object["tstype"] as? String == "create")
            #expect(object["broker"] as? Int == -1)
            let headers = try #require(object["headers"] as? [Any])
            #expect(headers.count % 2 == 0, "a flat name, value, name, value list")
        }
    }

    @Test func bareBootstrapServersAreKafka() throws {
        // Port 1 refuses at once: the error names the kafka:// URL -b was turned into.
        let outcome = try evmon("tail", "-C", "-b", "127.0.0.1:1", "-t", "orders", "-e")
        expectOneLineError(outcome, code: 3, mentioning: "kafka://127.0.0.1:1")
    }

    @Test(arguments: [
        (["tail", "-b", "demo://", "--broker", "demo://", "-t", "orders"], "-b and --broker"),
        (["tail", "-J", "--format", "json", "orders", "--broker", "demo://"], "-J and --format"),
        (["tail", "orders", "--broker", "demo://", "-o", "e@1", "-o", "e@2"], "only one e@"),
        (["tail", "orders", "--broker", "demo://", "-o", "beginning", "--from", "end"], "only one start"),
        (["tail", "orders", "--broker", "demo://", "-o", "s@soon"], "s@EPOCH_MS"),
        (["tail", "orders", "--broker", "demo://", "-o", "stored"], "--from stored"),
    ])
    func conflictingOrMalformedKcatFlagsAreOneLine(arguments: [String], fragment: String) throws {
        let outcome = try EvmonProcess.run(arguments)
        expectOneLineError(outcome, code: 2, mentioning: fragment)
    }
}
