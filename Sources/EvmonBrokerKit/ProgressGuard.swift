/// Progress or a reason: counts, per partition, the broker's answers in a row that should have
/// moved the partition forward and did not (a fetch that returns nothing while the broker says
/// there is more, a retriable error, an out-of-range answer at the same place, a consumer
/// recreated at the same sequence). A broker that repeats itself can then hang nothing: after
/// `limit` such answers the tail ends that partition with a reason (`tail -e`, `check` and
/// `dlq list` exit 3 naming it; `tail -f` and the TUI mark it and keep the rest streaming).
public struct ProgressGuard<Key: Hashable & Sendable>: Sendable {
    /// Identical non-advancing answers tolerated in a row.
    public let limit: Int
    private var strikes: [Key: Int] = [:]

    public init(limit: Int) {
        self.limit = limit
    }

    /// `key` moved forward: its count starts again.
    public mutating func advanced(_ key: Key) {
        strikes[key] = nil
    }

    /// One more answer that left `key` where it was; `true` once `limit` came in a row.
    public mutating func stalled(_ key: Key) -> Bool {
        let count = (strikes[key] ?? 0) + 1
        strikes[key] = count
        return count >= limit
    }

    /// Answers in a row that left `key` where it was.
    public func strikes(of key: Key) -> Int { strikes[key] ?? 0 }

    /// Milliseconds to wait before asking again after `key`'s latest strike: 100 ms doubling to
    /// 2 s, so a leader election has its seconds and a deleted topic is given up in ~13.
    public func backoff(of key: Key) -> Int64 {
        let count = max(1, strikes(of: key))
        return min(2_000, 100 << min(count - 1, 5))
    }
}
