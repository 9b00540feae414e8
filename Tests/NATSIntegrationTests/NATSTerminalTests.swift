import EvmonTestSupport
import Foundation
import Testing

/// The TUI on JetStream, end to end: the real binary in tmux against a nats-server of the test's
/// own (so its topic list is known), with data, a durable consumer, a DLQ stream and a poison
/// message (advisories captured by a stream) written by nats-py.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS_BIN"), .timeLimit(.minutes(2)))
struct NATSTerminalTests {
    typealias Message = NATSTestServer.Message

    @Test func streamLagAndDeadLetterPanesShowTheServersData() async throws {
        let server = try await NATSServerProcess.start(jetStream: true)
        defer { server.stop() }
        try await NATSTestServer.createStream("ORDERS", subjects: ["orders.>"], server: server.address)
        let messages = (0..<30).map { index in
            Message(subject: index % 2 == 0 ? "orders.created" : "orders.paid",
                    data: Array(#"{"event_type":"OrderCreated","n":\#(index)}"#.utf8), headers: [("trace", "t-\(index)")])
        }
        try await NATSTestServer.publish(messages, stream: "ORDERS", server: server.address)
        try await NATSTestServer.tool(["durable", "ORDERS", "billing", "4", "4"], server: server.address)
        try await NATSTestServer.createStream("ORDERS_DLQ", subjects: ["dlq.orders"], server: server.address)
        try await NATSTestServer.publish(
            [Message(subject: "dlq.orders", data: Array(#"{"n":99}"#.utf8), headers: [("reason", "poison")])], stream: "ORDERS_DLQ", server: server.address)

        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", server.url], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC", "XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path])
        defer { session.kill() }
        let (stream, detail, lag) = try await onOwnThread { () throws -> (String, String, String) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: "ORDERS", timeout: 20)
            try session.sendText(":topic ORDERS")
            try session.sendKeys("Enter")
            try session.waitFor(text: "Stream · ORDERS", timeout: 20)
            let stream = try session.waitFor(text: "orders.paid", timeout: 20)
            try session.sendKeys("Enter")
            let detail = try session.waitFor(text: "value (JSON)", timeout: 20)
            let lag = try session.waitFor(text: "billing", timeout: 20)
            return (stream, detail, lag)
        }
        // While it runs, a message becomes poison: 3 deliveries to the durable "worker", never
        // acknowledged; a stream captures the advisory, and the TUI's next poll finds it.
        let poisoned = try await NATSTestServer.tool(["poison", "ORDERS", "orders.poison", "ADVISORIES"], server: server.address)
        let poison = try #require(try JSONSerialization.jsonObject(with: poisoned) as? [NSNumber]).first!.int64Value
        let deadLetters = try await onOwnThread { () throws -> String in
            try session.sendKeys("Escape")
            try session.sendKeys("5", "z")
            try session.waitFor(text: "ORDERS_DLQ", timeout: 20)
            return try session.waitFor(text: "ORDERS/0@\(poison)", timeout: 30)
        }
        #expect(stream.contains(" orders.crea…"), "the subject is shown as the key, cut to the column and marked cut")
        #expect(detail.contains("\"event_type\": \"OrderCreated\""))
        #expect(detail.contains("trace  t-"))
        #expect(lag.contains("ORDERS/0"))
        #expect(deadLetters.contains("deliveries on consumer worker, never acknow"), "\(deadLetters)")
        #expect(deadLetters.contains("terminated by consumer worker"), "\(deadLetters)")
        #expect(deadLetters.contains("dlq.orders"), "the DLQ stream's message, keyed by its subject")
    }
}
