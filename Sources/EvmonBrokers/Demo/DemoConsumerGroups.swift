#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// The consumer groups of the demo world and where each has committed, as a function of time.
///
/// A group that consumes with delay `d(t)` and commits every `interval` ms has, at time t,
/// committed the first offset whose record is newer than `c − d(c)`, c being its last commit time.
/// With `d′ < 1` the committed offset never moves backwards.
struct DemoConsumerGroup: Sendable {
    let name: String
    let topic: String
    /// Auto-commit interval (ms).
    let commitInterval: Int64
    /// Processing delay at a given time (ms).
    let delay: @Sendable (_ time: Int64, _ historyStart: Int64) -> Int64
    /// After this time the group stops committing (a consumer that died); `nil` for never.
    let stopsAfter: (@Sendable (_ historyStart: Int64) -> Int64)?

    /// The groups of the order-service world.
    static let all: [DemoConsumerGroup] = [
        // Reserves stock for every order, promptly.
        DemoConsumerGroup(name: "inventory", topic: DemoScenario.ordersTopic, commitInterval: 1_000,
                          delay: { _, _ in 400 }, stopsAfter: nil),
        // Sends e-mails; slows down and catches up on a four-minute cycle, so lag rises and falls.
        DemoConsumerGroup(name: "notifications", topic: DemoScenario.ordersTopic, commitInterval: 5_000,
                          delay: { time, start in
                              let phase = Double(time - start) / 240_000 * 2 * Double.pi
                              return Int64(25_000 * (1 - cos(phase)))
                          }, stopsAfter: nil),
        // Books shipments from reservations.
        DemoConsumerGroup(name: "shipping", topic: DemoScenario.inventoryTopic, commitInterval: 2_000,
                          delay: { _, _ in 1_000 }, stopsAfter: nil),
        // A nightly audit job that crashed a minute into the history and never came back.
        DemoConsumerGroup(name: "audit", topic: DemoScenario.ordersTopic, commitInterval: 10_000,
                          delay: { _, _ in 2_000 }, stopsAfter: { start in start + 60_000 }),
    ]

    /// The group's offsets on every partition of its topic at `time`.
    func snapshot(log: DemoLog, at time: Int64, historyStart: Int64) -> ConsumerGroupSnapshot {
        var commitTime = time / commitInterval * commitInterval
        if let stop = stopsAfter?(historyStart) { commitTime = min(commitTime, stop / commitInterval * commitInterval) }
        let partitions = (log.topics[topic] ?? []).enumerated().map { id, partition in
            let consumedUpTo = commitTime - delay(commitTime, historyStart)
            let committed = commitTime < historyStart ? nil : partition.firstOffset(atOrAfter: consumedUpTo + 1)
            return PartitionOffsets(
                topicPartition: TopicPartition(topic: topic, partition: id),
                committed: committed.map(Offset.sequence),
                end: .sequence(partition.endOffset),
                lastCommitAt: committed == nil ? nil : commitTime)
        }
        let state = stopsAfter.map { time > $0(historyStart) ? "Empty" : "Stable" } ?? "Stable"
        return ConsumerGroupSnapshot(group: name, state: state, partitions: partitions)
    }
}
