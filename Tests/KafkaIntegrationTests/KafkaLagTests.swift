import EvmonTestSupport
import Foundation
import Testing

/// `evmon lag` against commits the reference client made.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaLagTests {
    @Test func lagIsEndMinusCommittedAndNullWithoutACommit() async throws {
        let topic = KafkaTestBroker.uniqueTopic("lag")
        let group = KafkaTestBroker.uniqueTopic("group")
        try await KafkaTailTests.tenPerPartition(topic, base: 1_700_000_000_000)
        let output = try await KafkaTestBroker.python("commit.py", [try KafkaTestBroker.bootstrap(), group, topic, "3", "0=4", "1=10"])
        let reference = try #require(try JSONSerialization.jsonObject(with: output) as? [String: [String: Int]])
        let ends = try #require(reference["ends"])
        let outcome = try await KafkaTestBroker.evmon(["lag", "--group", group, "--format", "json"])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let rows = try outcome.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(rows.count == 3)
        let committed: [Int: Int] = [0: 4, 1: 10]
        for row in rows {
            let partition = try #require(row["partition"] as? Int)
            #expect(row["group"] as? String == group)
            #expect(row["topic"] as? String == topic)
            let end = try #require(ends[String(partition)])
            #expect(row["end"] as? Int == end)
            if let commit = committed[partition] {
                #expect(row["committed"] as? Int == commit)
                #expect(row["lag"] as? Int == end - commit)
            } else {
                #expect(row["committed"] is NSNull, "partition \(partition): \(row)")
                #expect(row["lag"] is NSNull, "partition \(partition): \(row)")
            }
        }
    }
}
