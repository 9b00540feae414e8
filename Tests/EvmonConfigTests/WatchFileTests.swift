import EvmonConfig
import Testing
import EvmonModel
import EvmonJSON
import EvmonWatches

@Suite struct WatchFileTests {
    private func parse(_ text: String) throws -> WatchFile { try WatchFile.parse(text, path: "w.yaml") }

    private func expectError(_ text: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: EvmonError.self, sourceLocation: sourceLocation) { try parse(text) }
        #expect(error?.exitCode == 2, sourceLocation: sourceLocation)
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func theIssuesExampleParses() throws {
        let file = try parse("""
            watches:
              - name: order totals add up
                topic: orders
                where: '.event_type == "OrderCreated"'
                expect: '.payload.total == ([.payload.items[] | .price * .quantity] | add)'
              - name: events carry required fields
                topic: orders
                require: [event_id, event_type, timestamp, payload.order_id]
              - name: no duplicate events
                topic: orders
                unique: { key: .event_id, within: 10m }
              - name: per-order sequence
                topic: orders
                ordered: { by: .payload.sequence, per: key }
              - name: reserved within 5 s
                topic: orders
                where: '.event_type == "OrderCreated"'
                followed_by: { topic: inventory, where: '.event_type == "InventoryReserved"',
                               match: .payload.order_id, within: 5s }
              - name: nothing dead-lettered
                topic: orders-dlt
                empty: true
              - name: notifications keep up
                lag: { group: notifications, max: 500 }
              - name: flowing
                topic: [orders, inventory]
                rate: { min: 1, max: 1000, per: 10s }
              - name: cloud
                topic: orders
                non_json: skip
                schema: cloudevents
            """)
        #expect(file.watches.map(\.kind.name) == ["expect", "require", "unique", "ordered", "followed_by", "empty", "lag", "rate", "schema"])
        #expect(file.watches[0].whereExpression == #".event_type == "OrderCreated""#)
        #expect(file.watches[2].kind == .unique(key: .path(try JSONPath(parsing: ".event_id")), withinMilliseconds: 600_000))
        #expect(file.watches[3].kind == .ordered(by: .path(try JSONPath(parsing: ".payload.sequence")), per: .key))
        #expect(file.watches[4].kind == .followedBy(FollowRule(
            topic: "inventory", where: #".event_type == "InventoryReserved""#, match: .path(try JSONPath(parsing: ".payload.order_id")), withinMilliseconds: 5_000)))
        #expect(file.watches[4].allTopics == ["orders", "inventory"])
        #expect(file.watches[6].kind == .lag(group: "notifications", max: 500))
        #expect(file.watches[7].topics == ["orders", "inventory"])
        #expect(file.watches[7].kind == .rate(min: 1, max: 1000, perMilliseconds: 10_000))
        #expect(file.watches[8].nonJSON == .skip)
        #expect(file.watches[1].origin == "w.yaml:6:5")
        #expect(throws: Never.self) { try WatchEngine(watches: file.watches) }
    }

    @Test func brokenYAMLNamesLineAndColumn() {
        expectError("watches:\n  - name: x\n    topic: [orders\n", "w.yaml:4:1")
    }

    @Test func unknownKeysAndKindsAreReportedWhereTheyAre() {
        expectError("watches:\n  - name: x\n    tpoic: orders\n    empty: true\n", "w.yaml:3:5: unknown key 'tpoic'")
        expectError("watches:\n  - name: x\n    topic: orders\n", "w.yaml:2:5: watch 'x' has no kind")
        expectError("watches:\n  - name: x\n    topic: orders\n    empty: true\n    require: [a]\n", "has two kinds, require and empty")
        expectError("watches:\n  - name: x\n    topic: orders\n    unique: { key: .a, whithin: 5s }\n", "w.yaml:4:24: watch 'x': unknown key 'whithin' in unique")
        expectError("watches:\n  - name: x\n    topic: orders\n    schema: avro\n", "unknown schema 'avro'")
        expectError("watchs: []\n", "w.yaml:1:1: unknown key 'watchs'")
        expectError("watches: []\n", "w.yaml: the 'watches' list is empty")
    }

    @Test func badValuesAreReportedWhereTheyAre() {
        expectError("watches:\n  - name: x\n    topic: orders\n    unique: { key: .a, within: soon }\n", "w.yaml:4:32: watch 'x': 'soon' is not a duration")
        expectError("watches:\n  - name: x\n    topic: orders\n    ordered: { by: .a b }\n", "w.yaml:4:20: watch 'x': path '.a b'")
        expectError("watches:\n  - name: x\n    lag: { group: g, max: lots }\n", "lag max must be a whole number")
        expectError("watches:\n  - name: x\n    empty: true\n", "watch 'x' has no topic")
        expectError("watches:\n  - name: x\n    topic: orders\n    followed_by: { topic: inventory, match: .id }\n", "followed_by needs within")
    }
}
