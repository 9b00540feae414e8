import Foundation
import EvmonModel
import EvmonJSON
import EvmonWatches

/// `evmon-bench watches`: messages/s through the watch engine on demo-like ~200-byte JSON order
/// events, one core, best of several rounds. Goals: ≥ 300,000/s through five native watches,
/// ≥ 50,000/s through three jq `expect` watches.
enum WatchesBenchmark {
    static let base: Int64 = 1_764_115_200_000

    /// An OrderCreated (or, every third message, its InventoryReserved) of about 200 bytes.
    static func order(_ index: Int, inventoryEvery: Int?) -> Record {
        let orderNumber = index
        let time = base + Int64(index) * 5
        if let inventoryEvery, index % inventoryEvery == inventoryEvery - 1 {
            let json = #"{"event_id":"c1d2e3f4-\#(index)","event_type":"InventoryReserved","timestamp":"2025-11-26T00:00:00.000Z","payload":{"order_id":"ord-\#(orderNumber - 1)","warehouse":"WH-1"}}"#
            return Record(topic: "inventory", partition: index % 3, offset: .sequence(Int64(index)), timestamp: time,
                          key: Array("ord-\(orderNumber - 1)".utf8), value: Array(json.utf8))
        }
        let json = #"{"event_id":"6f1c2a9e-4b7d-\#(index)","event_type":"OrderCreated","timestamp":"2025-11-26T00:00:00.000Z","payload":{"order_id":"ord-\#(orderNumber)","user_id":"user-42","items":[{"product_id":"SKU-1001","quantity":2,"price":12.25}],"total":24.5,"sequence":1}}"#
        return Record(topic: "orders", partition: index % 3, offset: .sequence(Int64(index)), timestamp: time,
                      key: Array("ord-\(orderNumber)".utf8), value: Array(json.utf8))
    }

    static let native: [WatchDefinition] = [
        WatchDefinition(name: "required fields", topics: ["orders"], kind: .require(["event_id", "event_type", "timestamp", "payload.order_id", "payload.sequence"])),
        WatchDefinition(name: "unique events", topics: ["orders"], kind: .unique(key: .path(try! JSONPath(parsing: ".event_id")), withinMilliseconds: 600_000)),
        WatchDefinition(name: "sequence", topics: ["orders"], kind: .ordered(by: .path(try! JSONPath(parsing: ".payload.sequence")), per: .key)),
        WatchDefinition(
            name: "reserved", topics: ["orders"], where: #".event_type == "OrderCreated""#,
            kind: .followedBy(FollowRule(topic: "inventory", where: #".event_type == "InventoryReserved""#,
                                         match: .path(try! JSONPath(parsing: ".payload.order_id")), withinMilliseconds: 5_000))),
        WatchDefinition(name: "flowing", topics: ["orders"], kind: .rate(min: 1, max: nil, perMilliseconds: 1_000)),
    ]

    static let jq: [WatchDefinition] = [
        WatchDefinition(name: "totals", topics: ["orders"], kind: .expect(".payload.total == ([.payload.items[] | .price * .quantity] | add)")),
        WatchDefinition(name: "items", topics: ["orders"], kind: .expect("(.payload.items | length) > 0 and .payload.total > 0")),
        WatchDefinition(name: "timestamps", topics: ["orders"], kind: .expect(#".timestamp | startswith("20")"#)),
    ]

    static func run() {
        measure("native", watches: native, count: 600_000, inventoryEvery: 2, goal: 300_000)
        measure("jq", watches: jq, count: 150_000, inventoryEvery: nil, goal: 50_000)
    }

    private static func measure(_ name: String, watches: [WatchDefinition], count: Int, inventoryEvery: Int?, goal: Int) {
        let records = (0..<count).map { order($0, inventoryEvery: inventoryEvery) }
        let bytes = records.reduce(0) { $0 + ($1.value?.count ?? 0) } / count
        var best = Double.infinity
        for round in 1...4 {
            let engine = try! WatchEngine(watches: watches)
            // As `evmon check` runs it: partitions declared, event time per partition.
            engine.declare(["orders", "inventory"].map { name in
                TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: nil, endOffset: nil) })
            })
            let start = DispatchTime.now().uptimeNanoseconds
            var index = 0
            while index < records.count {
                engine.ingest(records[index..<min(index + 500, records.count)])
                index += 500
            }
            engine.finish()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let results = engine.results
            precondition(results.allSatisfy { $0.status != .fail }, "\(results.filter { $0.status == .fail })")
            best = min(best, elapsed)
            print("watches-\(name) round \(round): \(Int(Double(count) / elapsed)) messages/s")
        }
        print("watches-\(name) best: \(Int(Double(count) / best)) messages/s (\(watches.count) watches, \(count) messages of ~\(bytes) bytes, goal ≥ \(goal))")
    }
}
