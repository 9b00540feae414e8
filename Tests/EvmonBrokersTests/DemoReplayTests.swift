import Foundation
import Testing
import EvmonModel
import EvmonDeadLetters
@testable import EvmonBrokers

/// The demo's inventory service reacts to what is replayed into `orders`, so that a replay in
/// the demo shows its consequence.
@Suite struct DemoReplayTests {
    func deadLetters(_ scenario: DemoScenario) -> [Record] { allRecords(scenario.log, topic: "orders-dlt") }

    func orderID(of record: Record) -> String? { payload(record)?["order_id"] as? String }

    @Test func aReplayedOrderIsReservedAndAPoisonMessageIsDeadLetteredAgain() throws {
        var scenario = DemoScenario(seed: 7, ordersPerSecond: 20, historyEnd: historyEnd)
        let outOfStock = try #require(deadLetters(scenario).first { String(decoding: $0.value ?? [], as: UTF8.self).contains("OrderCreated") })
        let orderID = try #require(payload(outOfStock)?["order_id"] as? String)
        let replay = OutgoingMessage(
            topic: "orders", key: outOfStock.key, headers: [Header("evmon-replay-of", "orders-dlt/0/0")], value: outOfStock.value)
        _ = try scenario.produce(replay, at: historyEnd + 1_000)
        scenario.advance(to: historyEnd + 2_000)
        let reserved = allRecords(scenario.log, topic: "inventory").filter {
            payload($0)?["order_id"] as? String == orderID && json($0)?["event_type"] as? String == "InventoryReserved"
        }
        #expect(reserved.count == 1, "the stock came back: reserved on replay")

        let before = deadLetters(scenario).count
        let poison = OutgoingMessage(topic: "orders", key: Array("ord-x".utf8), headers: [Header("evmon-replay-of", "orders-dlt/1/3")], value: Array("not json".utf8))
        let landed = try scenario.produce(poison, at: historyEnd + 3_000)
        scenario.advance(to: historyEnd + 4_000)
        let again = deadLetters(scenario).filter { $0.key == Array("ord-x".utf8) }
        #expect(deadLetters(scenario).count >= before + 1)
        #expect(again.count == 1)
        let letter = try #require(again.first)
        let entry = DeadLetterRecognizer.standard.entry(for: letter, reference: RecordRef(topic: "orders-dlt", partition: letter.partition, arrival: 0))
        #expect(entry.originalTopic == "orders")
        #expect(entry.originalPartition == landed.topicPartition.partition)
        #expect(entry.originalOffset == landed.offset)
        #expect(entry.exception == "com.fasterxml.jackson.core.JsonParseException")
        #expect(letter.firstHeader(named: "evmon-replay-of") != nil, "the second failure shows it was a replay")
    }

    @Test func replaysDoNotChangeTheRestOfTheStory() throws {
        var replayed = DemoScenario(seed: 7, ordersPerSecond: 20, historyEnd: historyEnd)
        var untouched = DemoScenario(seed: 7, ordersPerSecond: 20, historyEnd: historyEnd)
        // A replayed order (the inventory service answers it) and a poison message (dead-lettered again).
        let letter = try #require(deadLetters(replayed).first { String(decoding: $0.value ?? [], as: UTF8.self).contains("OrderCreated") })
        _ = try replayed.produce(OutgoingMessage(topic: "orders", key: Array("ord-y".utf8), value: letter.value), at: historyEnd + 10)
        _ = try replayed.produce(OutgoingMessage(topic: "orders", key: Array("ord-y".utf8), value: Array("oops".utf8)), at: historyEnd + 20)
        replayed.advance(to: historyEnd + 30_000)
        untouched.advance(to: historyEnd + 30_000)
        // Everything but the replays and what answered them is the same, message for message.
        let story = { (scenario: DemoScenario, topic: String) in
            allRecords(scenario.log, topic: topic).filter { $0.key != Array("ord-y".utf8) && self.orderID(of: $0) != self.orderID(of: letter) }.map(\.value)
        }
        for topic in ["orders", "inventory", "orders-dlt"] {
            #expect(story(replayed, topic) == story(untouched, topic), "\(topic)")
        }
    }
}
