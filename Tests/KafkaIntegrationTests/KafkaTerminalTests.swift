import EvmonTestSupport
import Foundation
import Testing

/// The TUI on Kafka, end to end: the real binary in tmux against Tansu, with data and a
/// committed consumer group written by the reference client.
@Suite(.enabled(if: KafkaTestBroker.enabled), .timeLimit(.minutes(2))) struct KafkaTerminalTests {
    @Test func topicsStreamDetailAndLagPanesShowTheBrokersData() async throws {
        let topic = KafkaTestBroker.uniqueTopic("tui")
        let group = KafkaTestBroker.uniqueTopic("tui-group")
        let messages = (0..<30).map { index in
            KafkaTestBroker.Message(
                partition: index % 3, key: Array("key-\(index)".utf8),
                value: Array(#"{"event_type":"OrderCreated","n":\#(index)}"#.utf8), headers: [("trace", Array("t-\(index)".utf8))])
        }
        try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: 3)
        try await KafkaTestBroker.python("commit.py", [try KafkaTestBroker.bootstrap(), group, topic, "3", "0=4", "1=10"])
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", try KafkaTestBroker.url()], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC"])
        defer { session.kill() }
        // Waiting polls tmux with blocking sleeps: off the cooperative threads.
        let (detail, lag, status) = try await onOwnThread { () throws -> (String, String, Int32?) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: topic, timeout: 20)
            try session.sendText(":topic \(topic)")
            try session.sendKeys("Enter")
            try session.waitFor(text: "Stream · \(topic)", timeout: 20)
            try session.waitFor(text: "key-29", timeout: 20)
            try session.sendKeys("Enter")
            let detail = try session.waitFor(text: "value (JSON)", timeout: 20)
            let lag = try session.waitFor(text: group, timeout: 20)
            try session.sendKeys("q")
            return (detail, lag, session.waitForExit(timeout: 10))
        }
        #expect(detail.contains("\"event_type\": \"OrderCreated\""))
        #expect(detail.contains("trace  t-"))
        #expect(lag.contains("\(topic)/0"))
        #expect(status == 0)
    }
}
