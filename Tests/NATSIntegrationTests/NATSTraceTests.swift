import EvmonTestSupport
import Foundation
import Testing

/// `evmon trace` across two JetStream streams that nats-py wrote.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS (make test starts nats-server)"), .timeLimit(.minutes(3)))
struct NATSTraceTests {
    typealias Message = NATSTestServer.Message

    @Test func aRequestIsFollowedAcrossTwoStreamsByHeaderAndByPath() async throws {
        let orders = NATSTestServer.uniqueStream("TRACE_ORDERS")
        let billing = NATSTestServer.uniqueStream("TRACE_BILLING")
        try await NATSTestServer.createStream(orders, subjects: ["\(orders.lowercased()).>"])
        try await NATSTestServer.createStream(billing, subjects: ["\(billing.lowercased()).>"])
        func message(_ stream: String, _ order: String, _ type: String) -> Message {
            Message(subject: "\(stream.lowercased()).events", data: Array(#"{"event_type":"\#(type)","payload":{"order_id":"\#(order)"}}"#.utf8),
                    headers: [("x-correlation-id", "req-\(order)")])
        }
        try await NATSTestServer.publish([message(orders, "o-7", "OrderCreated"), message(orders, "o-8", "OrderCreated")], stream: orders)
        try await NATSTestServer.publish([message(billing, "o-7", "Charged")], stream: billing)
        try await NATSTestServer.publish([message(orders, "o-7", "OrderPaid")], stream: orders)

        let byPath = try await NATSTestServer.evmon(["trace", "o-7", "--topics", orders, billing, "--format", "json"])
        #expect(byPath.exitCode == 0, "\(byPath.standardError)")
        let found = try byPath.lines.map(TailedRecord.init(line:))
        #expect(found.map(\.topic) == [orders, billing, orders])
        #expect(found.map(\.offset) == [1, 1, 3])

        let byHeader = try await NATSTestServer.evmon(["trace", "req-o-7", "--by", "header:x-correlation-id", "--topics", orders, billing])
        #expect(byHeader.exitCode == 0, "\(byHeader.standardError)")
        #expect(byHeader.lines.count == 4, "\(byHeader.standardOutput)")
        #expect(byHeader.lines.dropFirst().map { $0.contains("OrderCreated") || $0.contains("Charged") || $0.contains("OrderPaid") } == [true, true, true])
    }
}
