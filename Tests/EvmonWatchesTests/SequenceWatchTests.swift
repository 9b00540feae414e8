import Testing
import EvmonWatches

@Suite struct SequenceWatchTests {
    @Test func uniqueWithinAWindowOfEventTime() throws {
        let watches = try engine(WatchDefinition(name: "unique", topics: ["orders"], kind: .unique(key: path(".id"), withinMilliseconds: 10_000)))
        watches.ingest([
            message(offset: 0, at: 0, #"{"id":"a"}"#),
            message(offset: 1, at: 1_000, #"{"id":"b"}"#),
            message(offset: 2, at: 2_500, #"{"id":"a"}"#),
            message(offset: 3, at: 30_000, #"{"id":"b"}"#),
        ])
        let result = only(watches)
        #expect(result.failures == 1)
        #expect(result.firstFailure?.offset == .sequence(2))
        #expect(result.firstFailure?.why == #"duplicate .id "a", seen 2.5s apart (also at orders/0@0)"#)
        #expect(result.failuresByCategory == ["duplicate": 1])
    }

    @Test func uniqueForgetsBeyondItsCapAndSaysSo() throws {
        var limits = WatchLimits()
        limits.uniqueKeys = 2
        let watches = try engine(WatchDefinition(name: "unique", topics: ["orders"], kind: .unique(key: .key, withinMilliseconds: nil)), limits: limits)
        watches.ingest((0..<5).map { message(offset: Int64($0), at: Int64($0), key: "k\($0)", "{}") })
        watches.ingest([message(offset: 9, at: 9, key: "k0", "{}")])
        let result = only(watches)
        #expect(result.status == .pass)
        #expect(result.forgotten == 4)
        #expect(result.note?.contains("key cap (2)") == true)
    }

    @Test func orderedTellsGapsDuplicatesAndRegressionsApart() throws {
        let watches = try engine(WatchDefinition(name: "seq", topics: ["orders"], kind: .ordered(by: path(".seq"), per: .key)))
        let steps: [(String, Int)] = [("a", 1), ("a", 2), ("b", 7), ("a", 2), ("a", 5), ("a", 4), ("b", 8)]
        watches.ingest(steps.enumerated().map { index, step in message(offset: Int64(index), key: step.0, #"{"seq":\#(step.1)}"#) })
        let result = only(watches)
        #expect(result.failuresByCategory == ["duplicate": 1, "gap": 1, "regression": 1])
        #expect(result.firstFailure?.why == "duplicate: .seq 2 again (key a)")
        #expect(result.latestFailure?.why == "regression: .seq 4 after 5 (key a)")
    }

    @Test func orderedPerPartitionAndPerPath() throws {
        let byPartition = try engine(WatchDefinition(name: "p", topics: ["orders"], kind: .ordered(by: path(".n"), per: .partition)))
        byPartition.ingest([message(partition: 0, offset: 0, #"{"n":1}"#), message(partition: 1, offset: 0, #"{"n":1}"#), message(partition: 0, offset: 1, #"{"n":2}"#)])
        #expect(only(byPartition).status == .pass)
        let byPath = try engine(WatchDefinition(name: "q", topics: ["orders"], kind: .ordered(by: path(".n"), per: path(".order"))))
        byPath.ingest([message(offset: 0, #"{"order":"x","n":1}"#), message(offset: 1, #"{"order":"x","n":3}"#)])
        #expect(only(byPath).firstFailure?.why == #"gap: .n 3 after 1, 1 missing (.order "x")"#)
    }

    @Test func rateJudgesCompleteIntervalsOnly() throws {
        let watches = try engine(WatchDefinition(name: "rate", topics: ["orders"], kind: .rate(min: 2, max: 3, perMilliseconds: 1_000)))
        // Interval 0 (partial, never judged): 1 message; 1: 2 (fine); 2: 4 (too many); 3–5: silent; 6: still open.
        let times: [Int64] = [500, 1_000, 1_900, 2_000, 2_100, 2_200, 2_300, 6_500]
        watches.ingest(times.enumerated().map { message(offset: Int64($0), at: $1, "{}") })
        let result = only(watches)
        #expect(result.failuresByCategory == ["too many": 1, "too few": 1])
        #expect(result.firstFailure?.why == "4 messages in 2025-11-26T00:00:02.000Z + 1s, expected at most 3")
        #expect(result.latestFailure?.why == "no messages from 2025-11-26T00:00:03.000Z for 3s, expected at least 2 per 1s")
    }
}
