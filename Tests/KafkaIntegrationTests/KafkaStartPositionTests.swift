import EvmonTestSupport
import Foundation
import Testing

/// Start positions are read against the partition's freshest end, the high watermark a Fetch
/// carries, not against ListOffsets alone: Tansu's trails the log when it holds several
/// batches, and `--from 70` printed offsets 1–15 and `--from -2` every message.
@Suite(.enabled(if: KafkaTestBroker.enabled)) struct KafkaStartPositionTests {
    typealias Message = KafkaTestBroker.Message

    /// 75 messages on partition 0 of a new topic, in five batches of 15.
    private func seventyFiveBatches() async throws -> String {
        let topic = KafkaTestBroker.uniqueTopic("start")
        for batch in 0..<5 {
            let messages = (0..<15).map { Message(partition: 0, key: nil, value: Array("m\(batch * 15 + $0)".utf8)) }
            let landed = try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: batch == 0 ? 1 : nil)
            #expect(landed.map(\.1) == Array(Int64(batch * 15)..<Int64(batch * 15 + 15)))
        }
        return topic
    }

    private func offsets(_ topic: String, _ extra: [String]) async throws -> (offsets: [Int64], stderr: String) {
        let outcome = try await KafkaTestBroker.evmon(["tail", topic, "--partition", "0", "-e", "--format", "%o\\n"] + extra)
        #expect(outcome.exitCode == 0, "\(extra): \(outcome.standardError)")
        return (outcome.lines.compactMap { Int64($0) }, outcome.standardError)
    }

    @Test func anOffsetAndTheLastMessagesAreCountedFromTheRealEnd() async throws {
        let topic = try await seventyFiveBatches()
        #expect(try await offsets(topic, ["--from", "70"]).offsets == [70, 71, 72, 73, 74])
        #expect(try await offsets(topic, ["--from", "-2"]).offsets == [73, 74])
        #expect(try await offsets(topic, ["--from", "earliest"]).offsets == Array(0..<75))
    }

    @Test func anOffsetPastTheEndStartsAtTheEndAndSaysSo() async throws {
        let topic = try await seventyFiveBatches()
        let (printed, stderr) = try await offsets(topic, ["--from", "500"])
        #expect(printed.isEmpty)
        #expect(stderr.contains("\(topic)/0: offset 500 is past the end (75); reading new messages from 75"), "stderr: \(stderr)")
    }
}
