import EvmonModel
import EvmonTrace

/// What `t` and `evmon trace` read from any message: its key, headers (a `traceparent`) and
/// value, against ids and links of every kind.
enum TraceFuzzTargets {
    static let all = [FuzzTarget("trace", run: trace)]

    /// Layout: a byte choosing the links, then the id, the key and the `traceparent` header, each
    /// ended by `0xFF`, then the value. Checks that the quick pass over values never changes who joins,
    /// that a message always joins the trace of the id `t` reads from it, and that rows come in
    /// event-time order.
    static func trace(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let linkSets: [[TraceLink]] = [
            [], [.key], [.traceparent], [.header("x-correlation-id")],
            [try! TraceLink(parsing: ".payload.order_id"), try! TraceLink(parsing: ".order_id"), .key],
        ]
        let links = linkSets[Int(input.byte()) % linkSets.count]
        let id = input.text()
        let key = input.field()
        let traceparent = input.field()
        let value = input.rest()
        let record = Record(
            topic: "orders", partition: 0, offset: .sequence(1), timestamp: Int64(value.count),
            key: key, headers: [Header(name: "traceparent", value: traceparent), Header(name: "x-correlation-id", value: key)], value: value)

        let quick = TraceMatcher(value: id, links: links)
        let thorough = TraceMatcher(value: id, links: links, skipsByBytes: false)
        precondition(quick.link(of: record) == thorough.link(of: record), "passing over a value never changes whether it joins")

        if let own = TraceMatcher.id(of: record, links: links) {
            precondition(TraceMatcher(value: own, links: links).link(of: record) != nil, "a message joins the trace of its own id")
        }
        if let traceID = TraceLink.traceID(ofTraceparent: traceparent) {
            precondition(traceID.count == 32 && traceID == traceID.lowercased(), "a trace id is 32 lower-case hex digits")
        }

        var trace = Trace(limit: 3)
        for (index, byte) in value.prefix(8).enumerated() {
            var copy = record
            copy.offset = .sequence(Int64(index))
            copy.timestamp = Int64(byte) - 128
            trace.add(copy, link: .key)
        }
        let rows = trace.rows
        precondition(rows.count <= 3 && trace.isTruncated == (min(8, value.count) > 3), "a trace keeps at most its limit, and says so")
        precondition(zip(rows, rows.dropFirst()).allSatisfy { $0.record.timestamp <= $1.record.timestamp }, "rows are in event time")
        precondition(rows.allSatisfy { $0.sinceFirst >= 0 && $0.sincePrevious >= 0 }, "distances are never negative")
    }
}
