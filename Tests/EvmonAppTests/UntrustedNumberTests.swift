import EvmonPresentation
import EvmonTestSupport
import Testing
import EvmonModel
import EvmonJSON
import EvmonWatches
import EvmonApp

/// Numbers from brokers, messages and files at the edges of their types: never a trap.
@Suite struct UntrustedNumberTests {
    @Test func clampedArithmeticHoldsAtTheBounds() {
        #expect(Int64.max.clampedAdding(1) == .max)
        #expect(Int64.min.clampedAdding(-1) == .min)
        #expect(Int64.min.clampedSubtracting(1) == .min)
        #expect(Int64.max.clampedSubtracting(-1) == .max)
        #expect(Int64(0).clampedSubtracting(.min) == .max)
        #expect(Int64.min.clampedMagnitude == .max)
        #expect(Int64(-5).clampedMagnitude == 5)
        #expect(Int64.max.clampedMultiplying(by: 2) == .max)
        #expect(Int64.min.clampedMultiplying(by: 2) == .min)
        #expect(Int64(-3).clampedMultiplying(by: .max) == .min)
        #expect([Int64.max, 5, 7].clampedSum() == .max)
        #expect([Int64(3), 4].clampedSum() == 7)
        #expect(Int64(7).clampedAdding(-2) == 5)
    }

    @Test func wholeNumbersOfDoublesRefuseWhatDoesNotFit() {
        #expect(Int64(wholeNumber: 42) == 42)
        #expect(Int64(wholeNumber: .infinity) == nil)
        #expect(Int64(wholeNumber: .nan) == nil)
        #expect(Int64(wholeNumber: 2.5) == nil)
        #expect(Int64(wholeNumber: 1e300) == nil)
        #expect(Int64(wholeNumber: 9.3e18) == nil)
    }

    @Test func timestampsOutsideFourDigitYearsShowTheirRawMilliseconds() {
        #expect(Timestamps.iso8601(-100_000_000_000_000) == "out-of-range:-100000000000000")
        #expect(Timestamps.iso8601(.max) == "out-of-range:9223372036854775807")
        #expect(Timestamps.iso8601(.min) == "out-of-range:-9223372036854775808")
        #expect(Timestamps.iso8601(Timestamps.showableRange.lowerBound) == "0000-01-01T00:00:00.000Z")
        #expect(Timestamps.iso8601(Timestamps.showableRange.upperBound) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamps.iso8601(-1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamps.clockTime(.min) == "out of range")
        #expect(Timestamps.clockTime(.max, utcOffsetSeconds: 3600) == "out of range")
        #expect(Timestamps.clockTime(Timestamps.showableRange.upperBound, utcOffsetSeconds: 14 * 3600) == "13:59:59.999")
        #expect(Timestamps.age(from: .min, now: .max) == "\(Int64.max / 1000 / 86_400)d")
        #expect(Timestamps.age(from: .max, now: .min) == "0s")
    }

    @Test func everyOutputFormatWritesExtremeTimestamps() throws {
        for timestamp in [Int64.min, -100_000_000_000_000, -1, 0, .max] {
            let record = RecordFixtures.record(topic: "t", partition: 0, offset: 0, timestamp: timestamp, key: "k", value: "v")
            for format in ["text", "json", "%T %o %k %s\\n"] {
                var output: [UInt8] = []
                try RecordFormat(parsing: format).append(record, to: &output)
                #expect(!output.isEmpty)
            }
            _ = DetailDocument(record: record)
        }
    }

    @Test func offsetDistancesAndLagTotalsClamp() {
        #expect(Offset.sequence(.min).distance(to: .sequence(.max)) == .max)
        let group = ConsumerGroupSnapshot(group: "g", partitions: [
            PartitionOffsets(topicPartition: TopicPartition(topic: "t", partition: 0), committed: .sequence(0), end: .sequence(.max)),
            PartitionOffsets(topicPartition: TopicPartition(topic: "t", partition: 1), committed: .sequence(.min), end: .sequence(.max)),
        ])
        #expect(group.totalLag == .max)
    }

    @Test func aTopicNamedTwiceIsTailedOnce() {
        #expect(TailRequest(topics: ["b", "a", "b", "a"], start: .earliest).topics == ["b", "a"])
    }

    @Test func timeWatchesTakeTimestampsAtTheInt64Limits() throws {
        let watches = try WatchEngine(watches: [
            WatchDefinition(name: "unique", topics: ["orders"], kind: .unique(key: .key, withinMilliseconds: 1_000)),
            WatchDefinition(name: "rate", topics: ["orders"], kind: .rate(min: 1, max: 2, perMilliseconds: 1)),
            WatchDefinition(name: "follow", topics: ["orders"], kind: .followedBy(FollowRule(topic: "orders", match: .key, withinMilliseconds: 5_000))),
        ])
        let times: [Int64] = [.min, .max, .min, 0, .max, -1, .min + 1, .max - 1]
        watches.ingest(times.enumerated().map { index, time in
            RecordFixtures.record(topic: "orders", partition: 0, offset: Int64(index), timestamp: time, key: "same", value: "{}")
        })
        #expect(watches.results.count == 3)
        #expect(watches.results[0].failures > 0, "the same key seen at the same extreme time is a duplicate")
    }
}
