import EvmonTestSupport
import Foundation
import Testing

/// `evmon produce` on the demo broker and without one: what a fixture file gets wrong is one
/// line naming it, and writes are refused where writes are refused.
struct ProduceCommandTests {
    @Test func aDryRunShowsEachMessageAsItWouldGoOutAndContactsNoBroker() throws {
        let file = try TemporaryFile(contents: """
            {"key":"ord-1","value":{"order_id": "ord-1"},"headers":{"event-type":"OrderCreated"}}

            {"topic":"inventory","partition":1,"key":null,"value":{"base64":"AP8="}}
            """)
        // An unreachable broker: a dry run must not need it.
        let outcome = try evmon("produce", "orders", "--file", file.path, "--dry-run", "--broker", "kafka://127.0.0.1:1")
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.lines == [
            #"{"topic":"orders","partition":null,"key":"ord-1","headers":[["event-type","OrderCreated"]],"value":"{\"order_id\":\"ord-1\"}"}"#,
            #"{"topic":"orders","partition":1,"key":null,"headers":[],"value":{"base64":"AP8="}}"#,
        ])
    }

    @Test func withoutATopicEachLineNamesItsOwn() throws {
        let file = try TemporaryFile(contents: #"{"topic":"inventory","key":"a","value":"1"}"# + "\n" + #"{"key":"b","value":"2"}"# + "\n")
        let outcome = try evmon("produce", "--file", file.path, "--dry-run")
        #expect(outcome.exitCode == 2)
        #expect(outcome.lines.count == 1)
        #expect(outcome.standardError == "evmon: \(file.path):2: no topic: name one on the command line (evmon produce TOPIC) or in the line\n")
    }

    @Test func linesProducedToTheDemoAreReadBackByTail() throws {
        let file = try TemporaryFile(contents: #"{"key":"fixture-1","value":"hello","headers":[["h","1"]]}"# + "\n")
        let produced = try evmon("produce", "orders", "--file", file.path, "--format", "json", "--broker", "demo://?seed=3")
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        let landed = try #require(try jsonLines(produced).first)
        #expect(landed["line"] as? Int == 1)
        #expect(landed["topic"] as? String == "orders")
    }

    @Test func writesAreRefusedUnderReadOnlyButADryRunIsNot() throws {
        let file = try TemporaryFile(contents: #"{"key":"a","value":"1"}"# + "\n")
        expectOneLineError(try evmon("produce", "orders", "--file", file.path, "--read-only", "--broker", pinnedDemo), code: 2, mentioning: "read-only (--read-only)")
        #expect(try evmon("produce", "orders", "--file", file.path, "--read-only", "--dry-run", "--broker", pinnedDemo).exitCode == 0)
    }

    @Test func badInvocationsAreOneLineErrors() throws {
        expectOneLineError(try evmon("produce", "orders", "--file", "/nonexistent/fixtures.jsonl", "--broker", pinnedDemo), code: 2, mentioning: "/nonexistent/fixtures.jsonl: No such file")
        let file = try TemporaryFile(contents: #"{"key":"a"}"# + "\n")
        expectOneLineError(try evmon("produce", "orders", "--file", file.path, "--compression", "zstd", "--broker", pinnedDemo), code: 2, mentioning: "only Kafka compresses")
        expectOneLineError(try evmon("produce", "nosuch", "--file", file.path, "--broker", pinnedDemo), code: 2, mentioning: "\(file.path):1: unknown topic 'nosuch'")
        expectOneLineError(try evmon("produce", "orders", "--rate", "0", "--file", file.path), code: 2, mentioning: "--rate")
    }

    @Test func checkProduceStartsWhereTheFixturesDo() throws {
        let fixtures = try TemporaryFile(contents: #"{"topic":"orders","key":"a","value":"1"}"# + "\n")
        let watches = try TemporaryFile(contents: "watches:\n  - name: ids\n    topic: orders\n    require: [event_id]\n", suffix: ".yaml")
        expectOneLineError(
            try evmon("check", "--watches", watches.path, "--produce", fixtures.path, "--from", "earliest", "--broker", pinnedDemo), code: 2,
            mentioning: "--from earliest with --produce")
        let broken = try TemporaryFile(contents: #"{"topic":"orders","key":"a""# + "\n")
        let outcome = try evmon("check", "--watches", watches.path, "--produce", broken.path, "--broker", pinnedDemo)
        expectOneLineError(outcome, code: 2, mentioning: "\(broken.path):1: invalid JSON")
    }

    @Test func aLineLongerThanTheLimitIsAnErrorNotAnExhaustedMachine() throws {
        // 70 MiB without a newline: past the 64 MiB line limit.
        var data = Data(#"{"value":""#.utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: 70 << 20))
        let file = try TemporaryFile(data: data)
        let outcome = try evmon("produce", "orders", "--file", file.path, "--dry-run", timeout: 60)
        expectOneLineError(outcome, code: 2, mentioning: "\(file.path):1: longer than 64 MiB")
    }
}
