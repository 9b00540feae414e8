import Foundation
import Testing
import EvmonTestSupport

/// `evmon trace` on Tansu: confluent-kafka writes one order's life across three topics under
/// different keys, plus noise; the trace is exactly the planted messages, in event-time order.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaTraceTests {
    @Test func anOrderIsFollowedAcrossTopicsByItsIdAndByItsTraceparent() async throws {
        let orders = KafkaTestBroker.uniqueTopic("trace-orders")
        let inventory = KafkaTestBroker.uniqueTopic("trace-inventory")
        let dead = KafkaTestBroker.uniqueTopic("trace-orders-dlt")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let traceparent = Array("00-\(traceID)-00f067aa0ba902b7-01".utf8)
        func message(_ key: String, _ value: String, at time: Int64, traced: Bool = false) -> KafkaTestBroker.Message {
            KafkaTestBroker.Message(partition: 0, key: Array(key.utf8), value: Array(value.utf8),
                                    headers: traced ? [("traceparent", traceparent)] : [], timestamp: time)
        }
        // Written out of time order: the trace sorts by event time, not by topic or arrival.
        try await KafkaTestBroker.produce([
            message("sku-1", #"{"event_type":"InventoryReserved","payload":{"order_id":"o-7"}}"#, at: now - 2_000, traced: true),
            message("sku-1", #"{"event_type":"InventoryReserved","payload":{"order_id":"o-70"}}"#, at: now - 1_900),
            message("sku-2", #"{"event_type":"InventoryReleased","payload":{"order_id":"o-7"}}"#, at: now - 500),
        ], topic: inventory, createPartitions: 1)
        try await KafkaTestBroker.produce([
            message("o-7", #"{"event_type":"OrderCreated","order_id":"o-7"}"#, at: now - 3_000, traced: true),
            message("o-8", #"{"event_type":"OrderCreated","order_id":"o-8"}"#, at: now - 2_900),
            message("o-7", #"{"event_type":"OrderCancelled","order_id":"o-7"}"#, at: now - 1_000),
        ], topic: orders, createPartitions: 1)
        try await KafkaTestBroker.produce([
            message("o-7", "not json: failed to release o-7", at: now - 400),
        ], topic: dead, createPartitions: 1)

        let byID = try await KafkaTestBroker.evmon(["trace", "o-7", "--topics", orders, inventory, dead, "--format", "json"])
        #expect(byID.exitCode == 0, "stderr: \(byID.standardError)")
        let found = try byID.lines.map(TailedRecord.init(line:))
        #expect(found.map(\.topic) == [orders, inventory, orders, inventory, dead])
        #expect(found.map(\.timestamp) == [now - 3_000, now - 2_000, now - 1_000, now - 500, now - 400])
        let deltas = try byID.lines.map { try #require(TailJSON.object($0)["deltaMs"] as? Int) }
        #expect(deltas == [0, 1_000, 2_000, 2_500, 2_600])

        let byTrace = try await KafkaTestBroker.evmon(["trace", traceID, "--by", "traceparent", "--topics", orders, inventory, dead, "--format", "json"])
        #expect(byTrace.exitCode == 0, "stderr: \(byTrace.standardError)")
        #expect(try byTrace.lines.map(TailedRecord.init(line:)).map(\.timestamp) == [now - 3_000, now - 2_000])

        let table = try await KafkaTestBroker.evmon(["trace", "o-7", "--topics", orders, inventory, dead])
        #expect(table.lines.count == 6, "\(table.standardOutput)")
        #expect(table.lines.dropFirst().first?.contains("OrderCreated") == true, "\(table.standardOutput)")

        let nothing = try await KafkaTestBroker.evmon(["trace", "o-999", "--topics", orders, inventory, dead])
        #expect(nothing.exitCode == 1)
        #expect(nothing.standardError.contains("nothing in 3 topic(s) joins o-999"), "\(nothing.standardError)")
        // Outside the window: an hour ago, nothing of this order was written.
        let earlier = try await KafkaTestBroker.evmon(["trace", "o-7", "--topics", orders, inventory, dead, "--around", "@\(now - 3_600_000)", "--window", "10m"])
        #expect(earlier.exitCode == 1)
    }

    /// `t` in the real binary through tmux: the TUI streams only orders, so the order's
    /// inventory and shipping messages come from the broker search, not the buffers.
    @Test func tInTheTUIFindsTheOrdersMessagesInTopicsItDoesNotStream() async throws {
        let orders = KafkaTestBroker.uniqueTopic("tui-trace-orders")
        let inventory = KafkaTestBroker.uniqueTopic("tui-trace-inventory")
        let shipping = KafkaTestBroker.uniqueTopic("tui-trace-shipping")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // Unique per run: the search reads every topic of the shared broker.
        let order = "o-" + UUID().uuidString.prefix(8).lowercased()
        func message(_ key: String, _ value: String, at time: Int64) -> KafkaTestBroker.Message {
            KafkaTestBroker.Message(partition: 0, key: Array(key.utf8), value: Array(value.utf8), timestamp: time)
        }
        try await KafkaTestBroker.produce([message("sku-1", #"{"event_type":"InventoryReserved","payload":{"order_id":"\#(order)"}}"#, at: now - 2_000)], topic: inventory, createPartitions: 1)
        try await KafkaTestBroker.produce([message("ship-9", #"{"event_type":"Shipped","order_id":"\#(order)"}"#, at: now - 1_000)], topic: shipping, createPartitions: 1)
        try await KafkaTestBroker.produce([message(order, #"{"event_type":"OrderCreated","order_id":"\#(order)"}"#, at: now - 3_000)], topic: orders, createPartitions: 1)
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", orders, "--from", "earliest", "--broker", try KafkaTestBroker.url()], width: 160, height: 40,
            environment: ["NO_COLOR": "1", "TZ": "UTC"])
        defer { session.kill() }
        let (trace, detail, back) = try await onOwnThread { () throws -> (String, String, String) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: "\(order)", timeout: 20)
            try session.sendKeys("t")
            let trace = try session.waitFor(text: "Trace \(order) · 3 messages", timeout: 30)
            try session.waitFor(text: "searched", timeout: 30)
            try session.sendKeys("j")
            try session.sendKeys("Enter")
            let detail = try session.waitFor(text: "value (JSON)", timeout: 20)
            // t on the inventory message traces its order (.payload.order_id), not its SKU key.
            try session.sendKeys("t")
            try session.waitFor(text: "Trace \(order) · 3 messages", timeout: 20)
            try session.waitFor(text: "esc back", timeout: 30)
            try session.sendKeys("Escape")
            let back = try session.waitFor(text: "3 Detail", timeout: 20)
            try session.sendKeys("q")
            return (trace, detail, back)
        }
        #expect(trace.contains("InventoryReserved") && trace.contains("Shipped") && trace.contains("OrderCreated"), "\(trace)")
        #expect(trace.contains("\(inventory)/0@0") && trace.contains("\(shipping)/0@0"), "\(trace)")
        #expect(detail.contains("InventoryReserved"), "\(detail)")
        #expect(!back.contains("Trace \(order)"), "\(back)")
    }
}
