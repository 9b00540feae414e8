import EvmonTestSupport
import Foundation
import Testing

/// `evmon check` on Redis: watches judge each entry's value view (the single JSON field here)
/// and name the failing entry by its id.
@Suite(.enabled(if: RedisTestBroker.enabled)) struct RedisCheckTests {
    @Test func watchesJudgeEntriesWrittenByRedisPy() async throws {
        let orders = RedisTestBroker.uniqueStream("check-orders")
        func event(_ id: String?, order: String) -> [(String, [UInt8])] {
            let eventID = id.map { #""event_id":"\#($0)","# } ?? ""
            return [("payload", Array(#"{\#(eventID)"event_type":"OrderCreated","payload":{"order_id":"\#(order)"}}"#.utf8))]
        }
        let ids = try await RedisTestBroker.add(orders, [
            event("e-1", order: "ord-1"), event("e-2", order: "ord-2"), event("e-2", order: "ord-2"), event(nil, order: "ord-4"),
            // A multi-field entry: its view is an object of the fields, judged the same way.
            [("event_id", Array("e-5".utf8)), ("event_type", Array("OrderCreated".utf8))],
        ])
        let watches = FileManager.default.temporaryDirectory.appendingPathComponent("redis-watches-\(UUID()).yaml").path
        try """
            watches:
              - name: required fields
                topic: \(orders)
                require: [event_id, event_type]
              - name: no duplicate events
                topic: \(orders)
                unique: { key: .event_id, within: 10m }
              - name: orders carry an order id
                topic: \(orders)
                require: [payload.order_id]
            """.write(toFile: watches, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: watches) }
        let outcome = try await RedisTestBroker.evmon(["check", "--watches", watches, "--from", "earliest", "--idle", "3s", "--format", "json"])
        #expect(outcome.exitCode == 1, "stderr: \(outcome.standardError)")
        let verdicts = try outcome.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let byName = Dictionary(uniqueKeysWithValues: verdicts.map { ($0["name"] as! String, $0) })
        let required = try #require(byName["required fields"]?["firstFailure"] as? [String: Any])
        #expect(required["offset"] as? String == ids[3], "\(required)")
        #expect(required["topic"] as? String == orders && required["partition"] as? Int == 0)
        let duplicate = try #require(byName["no duplicate events"]?["firstFailure"] as? [String: Any])
        #expect(duplicate["offset"] as? String == ids[2], "\(duplicate)")
        let orderID = try #require(byName["orders carry an order id"]?["firstFailure"] as? [String: Any])
        #expect(orderID["offset"] as? String == ids[4], "the object view has no payload: \(orderID)")
        #expect(byName["required fields"]?["evaluated"] as? Int == 5)
    }
}
