import Testing
import EvmonModel
import EvmonWatches

@Suite struct ContentWatchTests {
    @Test func requireNamesWhatIsMissingOrNull() throws {
        let watches = try engine(WatchDefinition(name: "fields", topics: ["orders"], kind: .require(["event_id", "payload.order_id"])))
        watches.ingest([
            message(offset: 0, #"{"event_id":"e1","payload":{"order_id":"o1"}}"#),
            message(offset: 1, #"{"event_id":null,"payload":{}}"#),
        ])
        let result = only(watches)
        #expect(result.status == .fail)
        #expect(result.evaluated == 2)
        #expect(result.failures == 1)
        #expect(result.firstFailure?.why == ".event_id is null; .payload.order_id is missing")
        #expect(result.firstFailure?.offset == .sequence(1))
    }

    @Test func nonJSONFailsAJSONWatchWithAClearWhyAndOthersCarryOn() throws {
        let watches = try WatchEngine(watches: [
            WatchDefinition(name: "fields", topics: ["orders"], kind: .require(["a"])),
            WatchDefinition(name: "skipping", topics: ["orders"], nonJSON: .skip, kind: .require(["a"])),
            WatchDefinition(name: "jq", topics: ["orders"], kind: .expect(".a > 0")),
        ])
        watches.ingest([message(offset: 0, "OrderCreated order_id=1"), message(offset: 1, #"{"a":1}"#)])
        let results = watches.results
        #expect(results[0].failures == 1)
        #expect(results[0].firstFailure?.why == "value is not JSON: unexpected character 'O' at byte 0")
        #expect(results[0].failuresByCategory == ["not JSON": 1])
        #expect(results[1].status == .pass)
        #expect(results[1].evaluated == 1)
        #expect(results[2].failures == 1)
        #expect(results[2].evaluated == 2)
    }

    @Test func expectWithWhereJudgesOnlySelectedMessages() throws {
        let watches = try engine(WatchDefinition(
            name: "totals", topics: ["orders"], where: #".type == "created""#,
            kind: .expect(".total == ([.items[] | .price * .quantity] | add)")))
        watches.ingest([
            message(offset: 0, #"{"type":"created","total":5,"items":[{"price":2.5,"quantity":2}]}"#),
            message(offset: 1, #"{"type":"cancelled","total":1,"items":[]}"#),
            message(offset: 2, #"{"type":"created","total":6,"items":[{"price":2.5,"quantity":2}]}"#),
        ])
        let result = only(watches)
        #expect(result.evaluated == 2)
        #expect(result.failures == 1)
        #expect(result.firstFailure?.offset == .sequence(2))
        #expect(result.firstFailure?.why.contains("gave false") == true)
    }

    @Test func aJQRuntimeErrorIsAFailureWithJQsWords() throws {
        let watches = try engine(WatchDefinition(name: "deep", topics: ["orders"], kind: .expect(".a.b | length > 0")))
        watches.ingest([message(offset: 0, #"{"a":"text"}"#)])
        #expect(only(watches).firstFailure?.why.contains("Cannot index string") == true)
    }

    @Test func aJQSyntaxErrorNamesTheWatch() {
        let error = #expect(throws: EvmonError.self) {
            try engine(WatchDefinition(name: "broken", topics: ["orders"], kind: .expect(".a =="), origin: "w.yaml:3:5"))
        }
        #expect(error?.description.hasPrefix("watch 'broken' (w.yaml:3:5): expect '.a ==' is not valid jq: syntax error") == true, "\(String(describing: error))")
    }

    @Test func emptyPassesOnSilenceAndShowsTheDeadLettersReason() throws {
        let watches = try engine(WatchDefinition(name: "dlt", topics: ["orders-dlt"], kind: .empty))
        #expect(only(watches).status == .pass)
        watches.ingest([message("orders-dlt", offset: 7, "{}", headers: [Header("kafka_dlt-exception-message", "no stock\u{1b}[31m")])])
        #expect(only(watches).status == .fail)
        #expect(only(watches).firstFailure?.why == "orders-dlt should stay empty; got a message: no stock\\x1b[31m")
    }

    @Test func cloudEventsInBothModes() throws {
        let watches = try engine(WatchDefinition(name: "ce", topics: ["orders"], kind: .cloudEvents))
        let binaryHeaders = [Header("ce_specversion", "1.0"), Header("ce_id", "1"), Header("ce_source", "/orders"), Header("ce_type", "created")]
        watches.ingest([
            message(offset: 0, #"{"specversion":"1.0","id":"1","source":"/orders","type":"created","time":"2025-11-26T00:00:00Z"}"#),
            message(offset: 1, "binary payload", headers: binaryHeaders),
            message(offset: 2, #"{"specversion":"0.3","id":"","source":"/o","type":"t","subject":5}"#),
            message(offset: 3, "x", headers: Array(binaryHeaders.dropLast())),
        ])
        let result = only(watches)
        #expect(result.evaluated == 4)
        #expect(result.failures == 2)
        #expect(result.firstFailure?.why == #"not a CloudEvent (structured mode): specversion is "0.3", expected "1.0"; id is "", expected a non-empty string; subject is 5, expected a string"#)
        #expect(result.latestFailure?.why == "not a CloudEvent (binary mode): no ce_type header")
    }

    @Test func lagJudgesEachPoll() throws {
        let watches = try engine(WatchDefinition(name: "lag", kind: .lag(group: "notifications", max: 10)))
        #expect(only(watches).status == .pending)
        func snapshot(committed: Int64) -> ConsumerGroupSnapshot {
            ConsumerGroupSnapshot(group: "notifications", partitions: [
                PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: 0), committed: .sequence(committed), end: .sequence(100)),
            ])
        }
        watches.observe(consumerGroups: [snapshot(committed: 95)], at: t0)
        #expect(only(watches).status == .pass)
        watches.observe(consumerGroups: [snapshot(committed: 50)], at: t0 + 1_000)
        let result = only(watches)
        #expect(result.status == .fail)
        #expect(result.evaluated == 2)
        #expect(result.firstFailure?.why == "lag 50 > 10 for group notifications; worst orders/0 lag 50 (committed 50, end 100)")
        #expect(result.firstFailure?.offset == .sequence(50))
    }

    @Test func aWatchNeedsATopicAndAUniqueName() {
        #expect(throws: EvmonError.self) { try engine(WatchDefinition(name: "x", kind: .empty)) }
        #expect(throws: EvmonError.self) {
            try WatchEngine(watches: [WatchDefinition(name: "x", topics: ["a"], kind: .empty), WatchDefinition(name: "x", topics: ["b"], kind: .empty)])
        }
    }
}

/// The engine looks topics up once per run of records of one topic; runs that come back after
/// another topic's records are judged too, in arrival order.
@Suite struct TopicRunTests {
    @Test func interleavedTopicsAreEachJudgedByTheirOwnWatches() throws {
        let watches = try WatchEngine(watches: [
            WatchDefinition(name: "orders", topics: ["orders"], kind: .require(["a"])),
            WatchDefinition(name: "both", topics: ["orders", "inventory"], kind: .require(["a"])),
        ])
        watches.ingest([
            message(offset: 0, #"{"a":1}"#), message("inventory", offset: 0, #"{"b":1}"#),
            message("audit", offset: 0, #"{}"#), message(offset: 1, #"{"b":2}"#), message(offset: 2, #"{"a":3}"#),
        ])
        #expect(watches.results[0].evaluated == 3)
        #expect(watches.results[0].failures == 1)
        #expect(watches.results[0].firstFailure?.offset == .sequence(1))
        #expect(watches.results[1].evaluated == 4)
        #expect(watches.results[1].firstFailure?.topic == "inventory")
    }
}
