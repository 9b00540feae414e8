import Testing
import EvmonModel
import EvmonJSON
import EvmonTrace

@Suite struct TraceTests {
    private func record(_ topic: String, _ offset: Int64, at time: Int64, key: String? = nil, value: String? = nil, headers: [(String, String)] = []) -> Record {
        Record(topic: topic, partition: 0, offset: .sequence(offset), timestamp: time, key: key.map { Array($0.utf8) },
               headers: headers.map { Header($0.0, $0.1) }, value: value.map { Array($0.utf8) })
    }

    @Test func aMessageJoinsByKeyTraceparentPathOrHeader() throws {
        let matcher = TraceMatcher(value: "o-42", links: try ["key", ".payload.order_id", "header:x-correlation-id"].map(TraceLink.init(parsing:)))
        #expect(matcher.link(of: record("orders", 0, at: 1, key: "o-42")) == .key)
        #expect(matcher.link(of: record("inventory", 0, at: 2, key: "sku-9", value: #"{"payload":{"order_id":"o-42"}}"#)) == .path(try JSONPath(parsing: ".payload.order_id")))
        #expect(matcher.link(of: record("mail", 0, at: 3, headers: [("x-correlation-id", "o-42")])) == .header("x-correlation-id"))
        // Near misses: another id, a prefix, an object at the path, a value that is not JSON.
        #expect(matcher.link(of: record("orders", 1, at: 4, key: "o-421")) == nil)
        #expect(matcher.link(of: record("orders", 2, at: 5, value: #"{"payload":{"order_id":{"id":"o-42"}}}"#)) == nil)
        #expect(matcher.link(of: record("orders", 3, at: 6, value: "o-42 not json")) == nil)

        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let traced = TraceMatcher(value: traceID, links: [.traceparent])
        #expect(traced.link(of: record("a", 0, at: 1, headers: [("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")])) == .traceparent)
        #expect(traced.link(of: record("a", 1, at: 1, headers: [("traceparent", "00-\(traceID)-00f0")])) == nil)
        // The header's name in any case; a name of the same length but other letters is not it.
        #expect(traced.link(of: record("a", 2, at: 1, headers: [("TraceParent", "00-\(traceID)-00f067aa0ba902b7-01")])) == .traceparent)
        #expect(traced.link(of: record("a", 3, at: 1, headers: [("traceparens", "00-\(traceID)-00f067aa0ba902b7-01")])) == nil)
    }

    /// Values are passed over unparsed only when they cannot hold the id: an id written with
    /// escapes, or a number written another way, still joins.
    @Test func theQuickPassOverLosesNothing() throws {
        let path = [TraceLink.path(try JSONPath(parsing: ".order_id"))]
        let escaped = TraceMatcher(value: "o-7", links: path)
        #expect(escaped.link(of: record("orders", 0, at: 1, value: #"{"order_id":"\u006f-7"}"#)) != nil)
        #expect(escaped.link(of: record("orders", 1, at: 1, value: #"{"order_id":"o-8"}"#)) == nil)
        let numeric = TraceMatcher(value: "42", links: path)
        #expect(numeric.link(of: record("orders", 2, at: 1, value: #"{"order_id":4.2e1}"#)) != nil)
        #expect(numeric.link(of: record("orders", 3, at: 1, value: #"{"order_id":"42"}"#)) != nil)
    }

    @Test func traceparentIdsAreReadStrictly() {
        #expect(TraceLink.traceID(ofTraceparent: Array("00-00000000000000000000000000000000-00f067aa0ba902b7-01".utf8)) == nil)
        #expect(TraceLink.traceID(ofTraceparent: Array("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01".utf8)) == nil)
        #expect(TraceLink.traceID(ofTraceparent: Array("garbage".utf8)) == nil)
    }

    @Test func rowsAreInEventTimeOrderWithTheirDistances() {
        var trace = Trace()
        trace.add(record("inventory", 7, at: 1_500, key: "o-1"), link: .key)
        trace.add(record("orders", 3, at: 1_000, key: "o-1"), link: .key)
        trace.add(record("orders-dlt", 0, at: 4_000, key: "o-1"), link: .key)
        trace.add(record("orders", 3, at: 1_000, key: "o-1"), link: .key)  // found twice, kept once
        let rows = trace.rows
        #expect(rows.map(\.record.topic) == ["orders", "inventory", "orders-dlt"])
        #expect(rows.map(\.sinceFirst) == [0, 500, 3_000])
        #expect(rows.map(\.sincePrevious) == [0, 500, 2_500])
    }

    @Test func aTraceStopsAtItsLimitAndSaysSo() {
        var trace = Trace(limit: 3)
        for offset in 0..<5 { trace.add(record("orders", Int64(offset), at: Int64(offset)), link: .key) }
        #expect(trace.count == 3)
        #expect(trace.isTruncated)
    }

    @Test func badLinksAreUsageErrors() {
        #expect(throws: EvmonError.self) { try TraceLink(parsing: "payload.order_id") }
        #expect(throws: EvmonError.self) { try TraceLink(parsing: "header:") }
    }
}
