import EvmonTestSupport
import Foundation
import Testing

/// `evmon tail` takes kcat's consumer flags: the same argument list, run through kcat (on
/// confluent-kafka's librdkafka, `scripts/kcat.py`) and through `evmon tail`, prints the same
/// records. Cases are chosen so that neither side waits for new messages; those that stop at the
/// end (`-e`, `-N`) rely on Tansu's ListOffsets agreeing with its fetches, which it does once the
/// producer's acks=all writes are acknowledged. kcat's `s@MS` is left out of the comparison:
/// Tansu answers librdkafka's ListOffsets by timestamp with the earliest offset, so kcat starts
/// at 0; `startTimeIsTheFromTimestamp` checks evmon's `s@` on its own.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaKcatCompatibilityTests {
    /// Timestamps of the fixture: message i of each partition is at `base + i × 1000`.
    static let base: Int64 = 1_764_115_200_000

    /// 3 partitions × 8 messages; partition 2 carries headers, every fourth key is null.
    static func fixture() async throws -> String {
        let topic = KafkaTestBroker.uniqueTopic("kcat-compat")
        var messages: [KafkaTestBroker.Message] = []
        for index in 0..<8 {
            for partition in 0..<3 {
                let headers: [(String, [UInt8]?)] = partition == 2 ? [("trace", Array("t\(index)".utf8)), ("kind", Array("k".utf8))] : []
                messages.append(KafkaTestBroker.Message(
                    partition: partition, key: index % 4 == 3 ? nil : Array("key-\(partition)-\(index)".utf8),
                    value: Array("value \(partition)/\(index)".utf8), headers: headers, timestamp: base + Int64(index) * 1000))
            }
        }
        try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: 3, oneByOne: true)
        return topic
    }

    /// The argument lists compared, after `-C -q -b BOOTSTRAP -t TOPIC`. `sorted` compares the lines
    /// as a set: partitions interleave in an order neither tool promises.
    static let cases: [(arguments: [String], sorted: Bool)] = [
        (["-o", "beginning", "-e", "-f", "%t|%p|%o|%k|%s|%T|%S|%K\n"], true),
        (["-e", "-f", "%p %o %s\n"], true),  // no -o: kcat's -C starts at the beginning
        (["-p", "1", "-o", "2", "-c", "3", "-f", "%p %o %k %s\n"], false),
        (["-o", "-2", "-e", "-f", "%p %o %s\n"], true),
        (["-o", "beginning", "-o", "e@\(base + 5000)", "-f", "%p %o %T\n"], true),
        (["-p", "0", "-o", "3", "-o", "e@\(base + 6000)", "-f", "%o %T %s\n"], false),
        (["-p", "2", "-o", "beginning", "-c", "4", "-f", "%o %k %h\n"], false),
    ]

    @Test func kcatArgumentListsPrintTheSameRecords() async throws {
        let topic = try await Self.fixture()
        let prefix = ["-C", "-q", "-b", try KafkaTestBroker.bootstrap(), "-t", topic]
        for (arguments, sorted) in Self.cases {
            let expected = String(decoding: try await KafkaTestBroker.python("kcat.py", prefix + arguments), as: UTF8.self)
            let outcome = try await runEvmon(["tail"] + prefix + arguments)
            #expect(outcome.exitCode == 0, "evmon tail \(arguments): \(outcome.standardError)")
            var kcatLines = expected.split(separator: "\n").map(String.init)
            var evmonLines = outcome.lines
            if sorted { (kcatLines, evmonLines) = (kcatLines.sorted(), evmonLines.sorted()) }
            #expect(!kcatLines.isEmpty, "kcat printed nothing for \(arguments)")
            #expect(evmonLines == kcatLines, "\(arguments)")
        }
    }

    /// kcat's `-J` envelope: the same fields and values (the broker id aside, which evmon does not know).
    @Test func jsonEnvelopeMatchesKcats() async throws {
        let topic = try await Self.fixture()
        let arguments = ["-C", "-q", "-b", try KafkaTestBroker.bootstrap(), "-t", topic, "-o", "beginning", "-e", "-J"]
        let expected = String(decoding: try await KafkaTestBroker.python("kcat.py", arguments), as: UTF8.self)
        let outcome = try await runEvmon(["tail"] + arguments)
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        func envelopes(_ lines: [String]) throws -> [String] {
            try lines.map { line in
                var object = try TailJSON.object(line)
                object["broker"] = nil
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                return String(decoding: data, as: UTF8.self)
            }.sorted()
        }
        let kcatEnvelopes = try envelopes(expected.split(separator: "\n").map(String.init))
        #expect(kcatEnvelopes.count == 24)
        #expect(try envelopes(outcome.lines) == kcatEnvelopes)
    }

    /// kcat's `s@MS` starts where `--from @MS` does: at the first message at or after the time.
    @Test func startTimeIsTheFromTimestamp() async throws {
        let topic = try await Self.fixture()
        let outcome = try await runEvmon(["tail", "-b", try KafkaTestBroker.bootstrap(), "-t", topic, "-p", "0", "-o", "s@\(Self.base + 2500)", "-c", "2", "-f", "%o %T\n"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.lines == ["3 \(Self.base + 3000)", "4 \(Self.base + 4000)"])
    }
}
