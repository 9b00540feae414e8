import Foundation
import Testing
import EvmonModel
@testable import EvmonBrokers

/// A fixed history end, so scenarios are reproducible in tests.
let historyEnd: Int64 = 1_764_115_200_000

func allRecords(_ log: DemoLog, topic: String) -> [Record] {
    (log.topics[topic] ?? []).flatMap { Array($0.records) }
}

func json(_ record: Record) -> [String: Any]? {
    record.value.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
}

func payload(_ record: Record) -> [String: Any]? {
    json(record)?["payload"] as? [String: Any]
}

@Suite struct DemoScenarioDeterminismTests {
    @Test func aSeedAlwaysWritesTheSameHistory() {
        let first = DemoScenario(seed: 42, ordersPerSecond: 20, historyEnd: historyEnd)
        let second = DemoScenario(seed: 42, ordersPerSecond: 20, historyEnd: historyEnd)
        for topic in ["orders", "inventory", "orders-dlt"] {
            #expect(allRecords(first.log, topic: topic) == allRecords(second.log, topic: topic))
        }
        #expect(allRecords(first.log, topic: "orders").count > 3_000)
    }

    @Test func howTheWorldIsAdvancedDoesNotChangeWhatHappens() {
        var oneStep = DemoScenario(seed: 9, ordersPerSecond: 50, historyEnd: historyEnd)
        var manySteps = oneStep
        oneStep.advance(to: historyEnd + 30_000)
        for step in 1...300 { manySteps.advance(to: historyEnd + Int64(step) * 100) }
        for topic in ["orders", "inventory", "orders-dlt"] {
            #expect(allRecords(oneStep.log, topic: topic) == allRecords(manySteps.log, topic: topic))
        }
    }

    @Test func otherSeedsTellOtherStories() {
        let first = DemoScenario(seed: 1, ordersPerSecond: 20, historyEnd: historyEnd)
        let second = DemoScenario(seed: 2, ordersPerSecond: 20, historyEnd: historyEnd)
        #expect(allRecords(first.log, topic: "orders").prefix(10) != allRecords(second.log, topic: "orders").prefix(10))
    }

    @Test func theRateSetsOrdersPerSecond() {
        let slow = DemoScenario(seed: 1, ordersPerSecond: 10, historyEnd: historyEnd)
        let fast = DemoScenario(seed: 1, ordersPerSecond: 50, historyEnd: historyEnd)
        let created = { (scenario: DemoScenario) in
            allRecords(scenario.log, topic: "orders").filter { json($0)?["event_type"] as? String == "OrderCreated" }.count
        }
        // Three minutes of history: about 1,800 and 9,000 orders.
        #expect((1_600...2_000).contains(created(slow)))
        #expect((8_500...9_500).contains(created(fast)))
    }

    @Test func historyIsCappedAtHighRates() {
        let scenario = DemoScenario(seed: 1, ordersPerSecond: 100_000, historyEnd: historyEnd)
        #expect(scenario.historyStart == historyEnd - 200)
    }
}

@Suite struct DemoScenarioContentTests {
    let scenario = DemoScenario(seed: 1, ordersPerSecond: 20, historyEnd: historyEnd)

    @Test func orderEventsCarryTheTutorialsFields() throws {
        let orders = allRecords(scenario.log, topic: "orders").compactMap { record in json(record).map { (record, $0) } }
        #expect(orders.count > 3_000)
        for (record, event) in orders {
            #expect(event["event_id"] is String)
            #expect(["OrderCreated", "OrderCancelled"].contains(event["event_type"] as? String))
            #expect(event["timestamp"] is String)
            let payload = try #require(event["payload"] as? [String: Any])
            #expect(payload["order_id"] as? String == String(decoding: record.key!, as: UTF8.self))
            #expect(payload["user_id"] is String)
            #expect(payload["sequence"] is Int)
            let items = try #require(payload["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            let sum = items.reduce(0.0) { $0 + ($1["price"] as! Double) * Double($1["quantity"] as! Int) }
            // Exact, so `.payload.total == ([.items[] | .price * .quantity] | add)` holds in jq.
            #expect(payload["total"] as? Double == sum)
        }
    }

    @Test func keysArePlacedByTheJavaDefaultPartitioner() {
        for topic in ["orders", "inventory"] {
            for record in allRecords(scenario.log, topic: topic) {
                #expect(record.partition == Murmur2Partitioner.partition(forKey: record.key!, partitionCount: 3))
            }
        }
    }

    @Test func timestampsNeverGoBackwardsWithinAPartition() {
        for topic in ["orders", "inventory", "orders-dlt"] {
            for partition in scenario.log.topics[topic]! {
                #expect(zip(partition.records, partition.records.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
            }
        }
    }

    @Test func plantsAMalformedMessage() {
        let malformed = allRecords(scenario.log, topic: "orders").filter { json($0) == nil }
        #expect(malformed.count < 10)
        // Both kinds: legacy text, and Avro binary that is not even UTF-8.
        let binary = malformed.filter { String(validating: $0.value!, as: UTF8.self) == nil }
        #expect(!binary.isEmpty)
        #expect(binary.allSatisfy { $0.value!.first == 0x00 })
        #expect(binary.count < malformed.count)
    }

    @Test func plantsADuplicatedEventID() {
        var seen: [String: Int] = [:]
        for record in allRecords(scenario.log, topic: "orders") {
            if let id = json(record)?["event_id"] as? String { seen[id, default: 0] += 1 }
        }
        let duplicated = seen.filter { $0.value > 1 }
        #expect(!duplicated.isEmpty)
        #expect(duplicated.count < 10)
    }

    @Test func plantsAnOutOfOrderSequenceOnOneKey() {
        var lastSequence: [String: Int] = [:]
        var regressions: [String] = []
        for partition in scenario.log.topics["orders"]! {
            for record in partition.records {
                guard let payload = payload(record), let order = payload["order_id"] as? String,
                      let sequence = payload["sequence"] as? Int else { continue }
                if let last = lastSequence[order], sequence < last { regressions.append(order) }
                lastSequence[order] = sequence
            }
        }
        #expect(!regressions.isEmpty)
        #expect(regressions.count < 10)
    }

    @Test func plantsAnOrderThatIsNeverReservedNorDeadLettered() {
        let reserved = Set(allRecords(scenario.log, topic: "inventory").compactMap { payload($0)?["order_id"] as? String })
        let deadLettered = Set(allRecords(scenario.log, topic: "orders-dlt").map { String(decoding: $0.key!, as: UTF8.self) })
        // Orders of the last few seconds may still be waiting for their reservation.
        let created = allRecords(scenario.log, topic: "orders").filter {
            json($0)?["event_type"] as? String == "OrderCreated" && $0.timestamp < historyEnd - 5_000
        }
        let unanswered = created.compactMap { payload($0)?["order_id"] as? String }
            .filter { !reserved.contains($0) && !deadLettered.contains($0) }
        #expect(!unanswered.isEmpty)
        #expect(unanswered.count < 10)
    }

    @Test func deadLettersCarrySpringHeadersPointingAtTheOriginal() throws {
        let letters = allRecords(scenario.log, topic: "orders-dlt")
        #expect(letters.count >= 4)
        for letter in letters {
            func header(_ name: String) throws -> [UInt8] {
                try #require(letter.firstHeader(named: "kafka_dlt-\(name)")?.value, "missing \(name)")
            }
            #expect(String(decoding: try header("original-topic"), as: UTF8.self) == "orders")
            let partitionBytes = try header("original-partition")
            let offsetBytes = try header("original-offset")
            #expect(partitionBytes.count == 4)
            #expect(offsetBytes.count == 8)
            #expect(try header("original-timestamp").count == 8)
            let partition = Int(partitionBytes.reduce(0) { $0 << 8 | Int32($1) })
            let offset = offsetBytes.reduce(Int64(0)) { $0 << 8 | Int64($1) }
            let original = try #require(scenario.log.topics["orders"]![partition].record(at: offset))
            #expect(letter.partition == partition)
            #expect(letter.key == original.key)
            #expect(letter.value == original.value)
            #expect(Array(letter.headers.prefix(original.headers.count)) == original.headers)
            #expect(String(decoding: try header("original-consumer-group"), as: UTF8.self) == "inventory")
            #expect(!(try header("exception-fqcn")).isEmpty)
            #expect(!(try header("exception-message")).isEmpty)
            #expect(String(decoding: try header("exception-stacktrace"), as: UTF8.self).contains("\tat "))
        }
        let causes = Set(letters.compactMap { $0.firstHeader(named: "kafka_dlt-exception-cause-fqcn")?.value }.map { String(decoding: $0, as: UTF8.self) })
        #expect(causes.contains("com.fasterxml.jackson.core.JsonParseException"))
        #expect(causes.contains("java.lang.IllegalStateException"))
    }

    @Test func aRateTheMachineCannotSimulateSkipsAheadInsteadOfQueueing() {
        var fast = DemoScenario(seed: 1, ordersPerSecond: 100_000, historyEnd: historyEnd, maxHistoryOrders: 100, maximumBacklogOrders: 500)
        fast.advance(to: historyEnd + 10_000)
        // Ten seconds owed at 100,000 orders a second: all but the last 500 orders are skipped.
        #expect(fast.skippedMilliseconds >= 9_990)
        #expect(fast.simulatedUntil == historyEnd + 10_000)
    }

    @Test func retentionBoundsWhatIsHeld() {
        var small = DemoScenario(seed: 1, ordersPerSecond: 200, historyEnd: historyEnd, retentionPerPartition: 500)
        small.advance(to: historyEnd + 60_000)
        for partition in small.log.topics["orders"]! {
            #expect(partition.records.count == 500)
            #expect(partition.startOffset > 0)
            #expect(partition.record(at: partition.startOffset)?.offset == .sequence(partition.startOffset))
        }
    }
}

@Suite struct DemoLogRetentionTests {
    @Test func bytesBoundAPartitionAsWellAsCount() {
        var log = DemoLog(topics: [("orders-dlt", 1)], retentionPerPartition: 1_000, retentionBytesPerPartition: 10_000)
        let trace = [UInt8](repeating: 0x61, count: 3_000)
        for index in 0..<20 {
            log.append(topic: "orders-dlt", partition: 0, timestamp: Int64(index), key: nil, headers: [Header(name: "trace", value: trace)], value: [1])
        }
        let partition = log.partition(TopicPartition(topic: "orders-dlt", partition: 0))
        #expect(partition.records.count == 3)
        #expect(partition.byteCount <= 10_000)
        #expect(partition.startOffset == 17)
        #expect(partition.endOffset == 20)
    }
}
