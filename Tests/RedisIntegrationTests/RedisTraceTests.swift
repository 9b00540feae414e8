import EvmonTestSupport
import Foundation
import Testing

/// `evmon trace` across two Redis streams that redis-py wrote: stream ids give the time.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts redis-server)"))
struct RedisTraceTests {
    @Test func anOrderIsFollowedAcrossTwoStreams() async throws {
        let orders = RedisTestBroker.uniqueStream("trace-orders")
        let shipping = RedisTestBroker.uniqueStream("trace-shipping")
        func entry(_ type: String, _ order: String) -> [(String, [UInt8])] {
            [("event_type", Array(type.utf8)), ("order_id", Array(order.utf8))]
        }
        // Interleaved writes, so time order crosses the streams.
        var planted: [String] = []
        planted += try await RedisTestBroker.add(orders, [entry("OrderCreated", "o-7"), entry("OrderCreated", "o-8")])
        planted += try await RedisTestBroker.add(shipping, [entry("Shipped", "o-7")])
        planted += try await RedisTestBroker.add(orders, [entry("OrderClosed", "o-7")])
        let expected = [planted[0], planted[2], planted[3]]

        for link in [".order_id", "header:order_id"] {
            let outcome = try await RedisTestBroker.evmon(["trace", "o-7", "--by", link, "--topics", orders, shipping, "--format", "json"])
            #expect(outcome.exitCode == 0, "\(link): \(outcome.standardError)")
            let lines = try outcome.lines.map { try TailJSON.object($0) }
            #expect(lines.compactMap { $0["offset"] as? String } == expected, "\(link)")
            #expect(lines.compactMap { $0["topic"] as? String } == [orders, shipping, orders], "\(link)")
        }
        let nothing = try await RedisTestBroker.evmon(["trace", "o-9", "--topics", orders, shipping])
        #expect(nothing.exitCode == 1, "\(nothing.standardError)")
    }

    /// A hostile value in the window is shown escaped, in the table as in JSON.
    @Test func hostileValuesInATraceAreEscaped() async throws {
        let stream = RedisTestBroker.uniqueStream("trace-hostile")
        try await RedisTestBroker.add(stream, [[("order_id", Array("o-1".utf8)), ("note", [0x1B, 0x5B, 0x32, 0x4A, 0x07])]])
        let table = try await RedisTestBroker.evmon(["trace", "o-1", "--topics", stream])
        #expect(table.exitCode == 0, "\(table.standardError)")
        #expect(!table.standardOutput.contains("\u{1B}") && !table.standardOutput.contains("\u{07}"))
        let json = try await RedisTestBroker.evmon(["trace", "o-1", "--topics", stream, "--format", "json"])
        #expect(!json.standardOutput.contains("\u{1B}") && json.standardOutput.contains(#"\u001b[2J\u0007"#), "\(json.standardOutput)")
    }
}
