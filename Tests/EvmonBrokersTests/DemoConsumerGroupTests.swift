import EvmonTestSupport
import Testing
import EvmonModel
import EvmonApp
@testable import EvmonBrokers

@Suite struct DemoConsumerGroupTests {
    /// Every group's snapshot every 10 s over eight minutes of live traffic.
    func timeline() -> [(time: Int64, groups: [String: ConsumerGroupSnapshot])] {
        var scenario = DemoScenario(seed: 3, ordersPerSecond: 20, historyEnd: historyEnd)
        return stride(from: historyEnd, through: historyEnd + 480_000, by: 10_000).map { time in
            scenario.advance(to: time)
            let snapshots = DemoConsumerGroup.all.map { $0.snapshot(log: scenario.log, at: time, historyStart: scenario.historyStart) }
            return (time, Dictionary(uniqueKeysWithValues: snapshots.map { ($0.group, $0) }))
        }
    }

    @Test func notificationsFallBehindAndCatchUp() throws {
        let lags = timeline().map { $0.groups["notifications"]!.totalLag ?? -1 }
        // Behind by hundreds, then caught up to nearly nothing, then behind again: a four-minute cycle.
        let behind = try #require(lags.firstIndex { $0 > 500 })
        let caughtUp = try #require(lags[behind...].firstIndex { $0 >= 0 && $0 < 50 })
        #expect(lags[caughtUp...].contains { $0 > 500 })
    }

    @Test func inventoryKeepsUp() {
        for point in timeline() {
            #expect((point.groups["inventory"]!.totalLag ?? .max) < 100)
        }
    }

    @Test func auditStoppedAndItsLagOnlyGrows() {
        let lags = timeline().map { $0.groups["audit"]!.totalLag! }
        #expect(zip(lags, lags.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(lags.last! > lags.first!)
    }

    @Test func committedOffsetsNeverMoveBackwards() {
        let points = timeline()
        for group in DemoConsumerGroup.all.map(\.name) {
            for partition in 0..<3 {
                let commits = points.compactMap { $0.groups[group]!.partitions[partition].committed }
                #expect(zip(commits, commits.dropFirst()).allSatisfy { $0 <= $1 }, "\(group)[\(partition)]")
            }
        }
    }

    @Test func everyGroupCoversEveryPartitionOfItsTopic() {
        let groups = timeline().last!.groups
        #expect(groups.keys.sorted() == ["audit", "inventory", "notifications", "shipping"])
        for snapshot in groups.values {
            #expect(snapshot.partitions.map(\.topicPartition.partition) == [0, 1, 2])
            #expect(snapshot.partitions.allSatisfy { $0.committed != nil && $0.end != nil && $0.lastCommitAt != nil })
        }
    }

    @Test func theStoppedConsumerIsJudgedStopped() {
        var state = AppState(brokerURL: "demo://", now: historyEnd)
        for point in timeline() {
            _ = reduce(&state, .lagPolled(Array(point.groups.values), at: point.time))
        }
        #expect(state.groups["audit"]!.worstHealth == .stop)
        #expect(state.groups["inventory"]!.worstHealth == .ok)
    }
}

/// A demo pinned to a past `start` is read on today's clock: its groups' commit times must be
/// today's too, or health (which compares them with the reader's clock) says STOP everywhere.
@Suite struct PinnedDemoCommitTimeTests {
    @Test func commitTimesOfAPinnedWorldAreOnTheReadersClock() async throws {
        let today: Int64 = 1_796_000_000_000
        let clock = ManualClock(startingAt: today)
        let broker = DemoBroker(options: .init(seed: 7, start: 1_764_115_200_000), clock: clock)
        clock.advance(by: 30_000)
        let groups = try await broker.listConsumerGroups()
        let inventory = try #require(groups.first { $0.group == "inventory" })
        let commits = inventory.partitions.compactMap(\.lastCommitAt)
        #expect(!commits.isEmpty)
        // inventory commits every second: its last commit is within a few seconds of now.
        #expect(commits.allSatisfy { clock.now() - $0 >= 0 && clock.now() - $0 < 5_000 }, "\(commits) vs \(clock.now())")
    }
}
