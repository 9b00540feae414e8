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

    /// Kafka Connect names its DLQ freely: the TUI probes each topic's newest message for DLQ
    /// headers and lists what it finds, without the user streaming it. A broker of the test's
    /// own, with more topics than the TUI streams by itself, so only the probe can find it.
    @Test func aFreelyNamedConnectDLQIsFoundByItsHeaders() async throws {
        let broker = try await ProxiedTansu()
        defer { broker.stop() }
        for index in 0..<7 {
            let message = KafkaTestBroker.Message(partition: 0, key: nil, value: Array("{}".utf8))
            _ = try await KafkaTestBroker.produce([message], topic: "plain-\(index)", createPartitions: 1, bootstrap: broker.bootstrap)
        }
        let failure = KafkaTestBroker.Message(
            partition: 0, key: Array("ord-7".utf8), value: Array(#"{"id":7}"#.utf8),
            headers: [
                ("__connect.errors.topic", Array("payments".utf8)), ("__connect.errors.partition", Array("2".utf8)),
                ("__connect.errors.offset", Array("41".utf8)),
                ("__connect.errors.exception.class.name", Array("org.apache.kafka.connect.errors.DataException".utf8)),
                ("__connect.errors.exception.message", Array("Converting byte[] to Kafka Connect data failed".utf8)),
            ])
        _ = try await KafkaTestBroker.produce([failure], topic: "sink-failures", createPartitions: 1, bootstrap: broker.bootstrap)
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "kafka://\(broker.bootstrap)"], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC", "XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path])
        defer { session.kill() }
        let (screen, streaming) = try await onOwnThread { () throws -> (String, String) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: "sink-failures", timeout: 20)
            let streaming = try session.capture()
            try session.sendKeys("5", "z")
            let screen = try session.waitFor(text: "payments/2@41", timeout: 20)
            return (screen, streaming)
        }
        #expect(streaming.contains("Pick topics to stream"), "nothing streamed: the probe found it")
        #expect(screen.contains("DataException: Converting byte[] to Kafka Connect data failed"))
        #expect(screen.contains("sink-failures/0@0"))
    }
}
