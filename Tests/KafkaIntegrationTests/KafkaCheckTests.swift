import EvmonTestSupport
import Foundation
import Testing

/// `evmon check` on Kafka: the reference client writes order events with planted violations,
/// evmon judges them headless and reports them in its exit code, JSON and JUnit.
@Suite(.enabled(if: KafkaTestBroker.enabled)) struct KafkaCheckTests {
    typealias Message = KafkaTestBroker.Message

    /// An order event as the order service writes it.
    func event(_ id: String, _ type: String, order: String, sequence: Int, partition: Int, at timestamp: Int64) -> Message {
        let value = #"{"event_id":"\#(id)","event_type":"\#(type)","payload":{"order_id":"\#(order)","sequence":\#(sequence)}}"#
        return Message(partition: partition, key: Array(order.utf8), value: Array(value.utf8), timestamp: timestamp)
    }

    func watchFile(orders: String, inventory: String, events: String? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-watches-\(UUID()).yaml").path
        try """
            watches:
              - name: required fields
                topic: \(events ?? orders)
                require: [event_id, event_type, payload.order_id]
              - name: no duplicate events
                topic: \(orders)
                unique: { key: .event_id, within: 10m }
              - name: per-order sequence
                topic: \(orders)
                ordered: { by: .payload.sequence, per: key }
              - name: reserved within 5 s
                topic: \(orders)
                where: '.event_type == "OrderCreated"'
                followed_by: { topic: \(inventory), where: '.event_type == "InventoryReserved"', match: .payload.order_id, within: 5s }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func violationsProducedByTheReferenceClientFailTheirWatches() async throws {
        let orders = KafkaTestBroker.uniqueTopic("check-orders")
        let inventory = KafkaTestBroker.uniqueTopic("check-inventory")
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 120_000
        let landed = try await KafkaTestBroker.produce([
            event("e-1", "OrderCreated", order: "ord-1", sequence: 1, partition: 0, at: base),
            event("e-2", "OrderCreated", order: "ord-2", sequence: 1, partition: 1, at: base + 2_000),
            event("e-2", "OrderCreated", order: "ord-2", sequence: 1, partition: 1, at: base + 2_500),
            event("e-4", "OrderCancelled", order: "ord-4", sequence: 2, partition: 2, at: base + 3_000),
            event("e-5", "OrderCreated", order: "ord-4", sequence: 1, partition: 2, at: base + 3_500),
            event("e-7", "OrderCreated", order: "ord-7", sequence: 1, partition: 0, at: base + 20_000),
        ], topic: orders, createPartitions: 3, oneByOne: true)
        // Events from a client that forgets the id: judged by the required-fields watch alone.
        let events = KafkaTestBroker.uniqueTopic("check-events")
        let careless = try await KafkaTestBroker.produce([
            event("e-8", "OrderCreated", order: "ord-8", sequence: 1, partition: 0, at: base),
            Message(partition: 0, key: Array("ord-6".utf8), value: Array(#"{"event_type":"OrderCreated","payload":{"order_id":"ord-6"}}"#.utf8), timestamp: base + 4_000),
        ], topic: events, createPartitions: 1, oneByOne: true)
        try await KafkaTestBroker.produce([
            event("r-1", "InventoryReserved", order: "ord-1", sequence: 1, partition: 0, at: base + 1_000),
            event("r-4", "InventoryReserved", order: "ord-4", sequence: 1, partition: 0, at: base + 3_800),
            event("r-7", "InventoryReserved", order: "ord-7", sequence: 1, partition: 0, at: base + 21_000),
        ], topic: inventory, createPartitions: 1, oneByOne: true)
        let watches = try watchFile(orders: orders, inventory: inventory, events: events)
        let junit = watches + ".xml"
        defer { try? FileManager.default.removeItem(atPath: watches); try? FileManager.default.removeItem(atPath: junit) }

        let outcome = try await KafkaTestBroker.evmon(
            ["check", "--watches", watches, "--from", "earliest", "--idle", "3s", "--junit", junit, "--format", "json"])
        #expect(outcome.exitCode == 1, "stderr: \(outcome.standardError)")
        let verdicts = try outcome.lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let byName = Dictionary(uniqueKeysWithValues: verdicts.map { ($0["name"] as! String, $0) })
        #expect(byName.count == 4)
        for name in ["required fields", "no duplicate events", "per-order sequence", "reserved within 5 s"] {
            #expect(byName[name]?["status"] as? String == "fail", "\(name): \(String(describing: byName[name]))")
        }
        // The duplicate is the second e-2, at the offset the reference client reported.
        let duplicate = try #require(byName["no duplicate events"]?["firstFailure"] as? [String: Any])
        #expect(duplicate["partition"] as? Int == landed[2].0)
        #expect((duplicate["offset"] as? NSNumber)?.int64Value == landed[2].1)
        let missing = try #require(byName["required fields"]?["firstFailure"] as? [String: Any])
        #expect((missing["offset"] as? NSNumber)?.int64Value == careless[1].1)
        #expect((missing["why"] as? String)?.contains("event_id") == true)
        let unanswered = try #require(byName["reserved within 5 s"]?["firstFailure"] as? [String: Any])
        #expect(unanswered["key"] as? String == "ord-2")

        let report = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(report.contains("<testsuite"))
        #expect(report.components(separatedBy: "<testcase").count - 1 == 4)
        #expect(report.components(separatedBy: "<failure").count - 1 == 4)
        #expect(report.contains("\(orders)/\(landed[2].0)@\(landed[2].1)"))

        // The same topics captured with tail and checked as a file: the same verdicts, each
        // naming the same message.
        let captured = try await KafkaTestBroker.evmon(["tail", orders, inventory, events, "--from", "earliest", "-e", "--format", "json"])
        let capture = try TemporaryFile(contents: captured.standardOutput)
        let offline = try await runEvmon(["check", "--watches", watches, "--idle", "1s", "--format", "json", "--broker", "file://" + capture.path])
        #expect(offline.exitCode == 1, "stderr: \(offline.standardError)")
        #expect(offline.lines == outcome.lines)
    }

    @Test func aCleanRunPassesWithExitZero() async throws {
        let orders = KafkaTestBroker.uniqueTopic("check-clean")
        let inventory = KafkaTestBroker.uniqueTopic("check-clean-inventory")
        let base = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
        try await KafkaTestBroker.produce([
            event("e-1", "OrderCreated", order: "ord-1", sequence: 1, partition: 0, at: base),
            event("e-2", "OrderCancelled", order: "ord-1", sequence: 2, partition: 0, at: base + 500),
        ], topic: orders, createPartitions: 1, oneByOne: true)
        try await KafkaTestBroker.produce([
            event("r-1", "InventoryReserved", order: "ord-1", sequence: 1, partition: 0, at: base + 200),
        ], topic: inventory, createPartitions: 1, oneByOne: true)
        let watches = try watchFile(orders: orders, inventory: inventory)
        defer { try? FileManager.default.removeItem(atPath: watches) }
        let outcome = try await KafkaTestBroker.evmon(["check", "--watches", watches, "--from", "earliest", "--idle", "3s"])
        #expect(outcome.exitCode == 0, "stdout: \(outcome.standardOutput) stderr: \(outcome.standardError)")
    }

    @Test func aWatchOnATopicTheBrokerDoesNotHaveIsReported() async throws {
        let watches = try watchFile(orders: KafkaTestBroker.uniqueTopic("nope"), inventory: KafkaTestBroker.uniqueTopic("nope"))
        defer { try? FileManager.default.removeItem(atPath: watches) }
        let outcome = try await KafkaTestBroker.evmon(["check", "--watches", watches, "--from", "earliest", "--idle", "2s"])
        #expect(outcome.exitCode == 2, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("nope-"))
    }
}
