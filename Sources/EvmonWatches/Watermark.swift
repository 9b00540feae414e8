/// Event time as a watch sees it: the oldest of the newest timestamps seen on each topic it reads.
///
/// Replaying history reads topics unevenly (all of `orders`, then `inventory`); judging by the
/// slowest topic's time makes those replays reach exactly the verdicts live reading reaches.
///
/// When the reader declares a topic's partitions (`declare`) and says when each has caught up
/// (`caughtUp`), the topic's time is the slowest of its partitions still being read, so an
/// adapter may read one partition's history before the next without expiring anything early.
/// Without a declaration, a topic is assumed to arrive in time order as a whole (the demo merges
/// its partitions by timestamp). The watermark never moves backwards.
struct Watermark {
    /// A declared partition's clock.
    private struct PartitionClock {
        var newest: Int64?
        /// Read to its end once: from then on its messages are live, as new as any other topic's,
        /// so it no longer holds the topic back (sticky, or a quiet partition would stall it).
        var caughtUp = false
    }

    private let topics: [String]
    private var newest: [Int64?]
    /// Per topic, its declared partitions by number; empty when none were declared.
    private var partitions: [[PartitionClock]]
    /// `nil` until every topic has a time.
    private(set) var time: Int64?

    init(topics: [String]) {
        self.topics = topics
        newest = Array(repeating: nil, count: topics.count)
        partitions = Array(repeating: [], count: topics.count)
    }

    /// Declares every partition of `topic` that will be read (ids 0..<count).
    mutating func declare(topic: String, partitionCount: Int) {
        guard let index = topics.firstIndex(of: topic), partitionCount > 0 else { return }
        partitions[index] = Array(repeating: PartitionClock(), count: partitionCount)
    }

    /// Notes a message's time; returns true when the watermark moved.
    mutating func observe(topic: String, partition: Int, timestamp: Int64) -> Bool {
        guard let index = topics.firstIndex(of: topic) else { return false }
        if partitions[index].indices.contains(partition) {
            if let seen = partitions[index][partition].newest, seen >= timestamp { return false }
            partitions[index][partition].newest = timestamp
        }
        if newest[index].map({ $0 < timestamp }) ?? true { newest[index] = timestamp }
        return recompute()
    }

    /// A declared partition was read to its end; returns true when the watermark moved.
    mutating func caughtUp(topic: String, partition: Int) -> Bool {
        guard let index = topics.firstIndex(of: topic), partitions[index].indices.contains(partition) else { return false }
        partitions[index][partition].caughtUp = true
        return recompute()
    }

    private func topicTime(_ index: Int) -> Int64? {
        let clocks = partitions[index]
        guard !clocks.isEmpty else { return newest[index] }
        var slowest: Int64?
        for clock in clocks where !clock.caughtUp {
            guard let newest = clock.newest else { return nil }
            slowest = min(slowest ?? newest, newest)
        }
        // Every partition read to its end: the topic's time is its newest message.
        return slowest ?? newest[index]
    }

    private mutating func recompute() -> Bool {
        var oldest = Int64.max
        for index in topics.indices {
            guard let topicTime = topicTime(index) else { return false }
            oldest = min(oldest, topicTime)
        }
        guard time.map({ oldest > $0 }) ?? true else { return false }
        time = oldest
        return true
    }
}
