/// Event time as a watch sees it: the oldest of the newest timestamps seen on each topic it reads.
///
/// Replaying history reads topics unevenly (all of `orders`, then `inventory`); judging by the
/// slowest topic's time makes those replays reach exactly the verdicts live reading reaches.
struct Watermark {
    private var topics: [String]
    private var newest: [Int64?]
    /// `nil` until every topic has shown a message.
    private(set) var time: Int64?

    init(topics: [String]) {
        self.topics = topics
        newest = Array(repeating: nil, count: topics.count)
    }

    /// Notes a message's time; returns true when the watermark moved.
    mutating func observe(topic: String, timestamp: Int64) -> Bool {
        guard let index = topics.firstIndex(of: topic) else { return false }
        if let seen = newest[index], seen >= timestamp { return false }
        newest[index] = timestamp
        var oldest = Int64.max
        for value in newest {
            guard let value else { return false }
            oldest = min(oldest, value)
        }
        guard oldest != time else { return false }
        time = oldest
        return true
    }
}
