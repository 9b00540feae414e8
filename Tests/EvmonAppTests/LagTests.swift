import Testing
import EvmonModel
import EvmonApp

@Suite struct LagTests {
    let partition = TopicPartition(topic: "orders", partition: 0)

    @Test func lagIsEndMinusCommitted() {
        let offsets = PartitionOffsets(topicPartition: partition, committed: .sequence(90), end: .sequence(100))
        #expect(offsets.lag == 10)
    }

    @Test func noCommitMeansUnknownLagNotZero() {
        let offsets = PartitionOffsets(topicPartition: partition, committed: nil, end: .sequence(100))
        #expect(offsets.lag == nil)
    }

    @Test func aCommitAheadOfAStaleEndIsCaughtUp() {
        let offsets = PartitionOffsets(topicPartition: partition, committed: .sequence(105), end: .sequence(100))
        #expect(offsets.lag == 0)
    }

    @Test func brokerReportedLagWins() {
        // Redis and NATS say the lag themselves; their ids do not subtract.
        let offsets = PartitionOffsets(
            topicPartition: partition, committed: .streamID(milliseconds: 5, sequence: 0),
            end: .streamID(milliseconds: 9, sequence: 0), reportedLag: 4)
        #expect(offsets.lag == 4)
        let unknown = PartitionOffsets(
            topicPartition: partition, committed: .streamID(milliseconds: 5, sequence: 0), end: .streamID(milliseconds: 9, sequence: 0))
        #expect(unknown.lag == nil)
    }

    @Test func groupTotalsSkipUnknownPartitions() {
        let snapshot = ConsumerGroupSnapshot(group: "g", partitions: [
            PartitionOffsets(topicPartition: partition, committed: .sequence(1), end: .sequence(5)),
            PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: 1), committed: nil, end: .sequence(9)),
        ])
        #expect(snapshot.totalLag == 4)
        #expect(ConsumerGroupSnapshot(group: "g", partitions: [
            PartitionOffsets(topicPartition: partition, committed: nil, end: .sequence(5)),
        ]).totalLag == nil)
    }
}

@Suite struct LagHealthTests {
    /// Samples every 2 s from t = 0, with the given committed offsets and lags.
    func window(_ points: [(committed: Int64?, lag: Int64?)], commitTimes: [Int64?]? = nil) -> [LagSample] {
        points.enumerated().map { index, point in
            LagSample(
                at: Int64(index) * 2_000, committed: point.committed.map(Offset.sequence), end: nil, lag: point.lag,
                lastCommitAt: commitTimes?[index] ?? Int64(index) * 2_000)
        }
    }

    @Test func noCommitIsUnknown() {
        #expect(LagHealth.evaluate(window([(nil, nil), (nil, nil), (nil, nil)]), now: 4_000) == .unknown)
    }

    @Test func tooFewSamplesIsUnknownUnlessCaughtUp() {
        #expect(LagHealth.evaluate(window([(1, 5)]), now: 0) == .unknown)
        #expect(LagHealth.evaluate(window([(1, 0)]), now: 0) == .ok)
    }

    @Test func anyZeroLagIsOK() {
        #expect(LagHealth.evaluate(window([(1, 0), (1, 3), (1, 8)]), now: 4_000) == .ok)
    }

    @Test func aCommitGoingBackwardsIsRewind() {
        #expect(LagHealth.evaluate(window([(10, 5), (12, 4), (3, 20)]), now: 4_000) == .rewind)
    }

    @Test func noCommitForLongerThanTheWindowIsStop() {
        let samples = window([(10, 5), (10, 8), (10, 12)], commitTimes: [0, 0, 0])
        #expect(LagHealth.evaluate(samples, now: 4_001) == .stop)
    }

    @Test func commitsThatDoNotMoveTheOffsetAreStall() {
        // The broker reports fresh commit times, but the offset stays put while lag > 0.
        let samples = window([(10, 5), (10, 5), (10, 5)], commitTimes: [0, 2_000, 4_000])
        #expect(LagHealth.evaluate(samples, now: 4_000) == .stall)
    }

    @Test func lagThatNeverDecreasesIsWarn() {
        #expect(LagHealth.evaluate(window([(10, 5), (12, 7), (15, 9)]), now: 4_000) == .warn)
    }

    @Test func progressWithFallingLagIsOK() {
        #expect(LagHealth.evaluate(window([(10, 9), (14, 7), (20, 3)]), now: 4_000) == .ok)
    }

    @Test func historyTracksCommitChangesWhenTheBrokerHasNoCommitTimes() {
        let partition = TopicPartition(topic: "orders", partition: 0)
        func offsets(_ committed: Int64, _ end: Int64) -> PartitionOffsets {
            PartitionOffsets(topicPartition: partition, committed: .sequence(committed), end: .sequence(end))
        }
        var history = PartitionLagHistory(first: offsets(10, 20), at: 0, capacity: 5, healthWindow: 4)
        history.record(offsets(15, 25), at: 2_000)
        history.record(offsets(20, 31), at: 4_000)
        #expect(history.lastCommitAt == 4_000)
        #expect(history.health == .warn)
        // The consumer dies: the committed offset stops moving while the end grows.
        history.record(offsets(20, 40), at: 6_000)
        history.record(offsets(20, 50), at: 8_000)
        history.record(offsets(20, 60), at: 10_000)
        // Six seconds without a commit, across a window that spans six: not yet past it.
        #expect(history.health == .warn)
        history.record(offsets(20, 70), at: 12_000)
        #expect(history.lastCommitAt == 4_000)
        #expect(history.health == .stop)
        #expect(history.samples.count == 5)
        #expect(history.trend == [11, 20, 30, 40, 50].map { Optional($0) })
        // It comes back and catches up.
        history.record(offsets(70, 70), at: 14_000)
        #expect(history.health == .ok)
    }
}
