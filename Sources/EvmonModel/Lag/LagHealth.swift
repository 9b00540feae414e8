/// How a consumer is doing on one partition, after Burrow's evaluation rules.
public enum LagHealth: String, Sendable, Equatable, CaseIterable {
    /// Lag reached zero within the window, or is moving the right way.
    case ok = "OK"
    /// Lag never decreased across the window.
    case warn = "WARN"
    /// Commits keep coming but the committed offset does not move while lag > 0.
    case stall = "STALL"
    /// No commit for longer than the window spans, with lag > 0.
    case stop = "STOP"
    /// The committed offset went backwards.
    case rewind = "REWIND"
    /// Not enough samples yet, or the group never committed here.
    case unknown = "UNKNOWN"
}

extension LagHealth {
    /// How bad it is, for picking a group's worst partition: OK < UNKNOWN < WARN < STALL < REWIND < STOP.
    public var severity: Int {
        switch self {
        case .ok: return 0
        case .unknown: return 1
        case .warn: return 2
        case .stall: return 3
        case .rewind: return 4
        case .stop: return 5
        }
    }
}

/// One poll of a partition's lag.
public struct LagSample: Sendable, Equatable {
    /// When it was polled (epoch ms).
    public var at: Int64
    public var committed: Offset?
    public var end: Offset?
    public var lag: Int64?
    /// When the group last committed, as far as evmon knows (broker's word or observed change).
    public var lastCommitAt: Int64?

    public init(at: Int64, committed: Offset?, end: Offset?, lag: Int64?, lastCommitAt: Int64?) {
        self.at = at
        self.committed = committed
        self.end = end
        self.lag = lag
        self.lastCommitAt = lastCommitAt
    }
}

extension LagHealth {
    /// Evaluates the last samples of one partition (oldest first) at time `now`.
    ///
    /// The rules, in Burrow's order: no commit → UNKNOWN; any zero lag → OK; a committed offset
    /// that went backwards → REWIND; lag > 0 and no commit for longer than the window spans → STOP;
    /// commits arriving but the offset unchanged with lag > 0 → STALL; lag never decreasing and
    /// grown → WARN; else OK. A window needs `minimumSamples` polls before it says anything.
    public static func evaluate(_ window: some Collection<LagSample>, now: Int64, minimumSamples: Int = 3) -> LagHealth {
        let samples = Array(window)
        guard let latest = samples.last, latest.committed != nil, let latestLag = latest.lag else { return .unknown }
        if samples.contains(where: { $0.lag == 0 }) { return .ok }
        guard samples.count >= minimumSamples, let first = samples.first else { return .unknown }

        let commits = samples.compactMap(\.committed)
        for (earlier, later) in zip(commits, commits.dropFirst()) where later < earlier {
            return .rewind
        }
        let span = latest.at - first.at
        let committedNeverMoved = commits.allSatisfy { $0 == commits.first }
        if latestLag > 0, let lastCommitAt = latest.lastCommitAt, span > 0 {
            if now - lastCommitAt > span { return .stop }
            // Commits are recent (the broker said so) yet the offset is stuck.
            if committedNeverMoved, first.lastCommitAt != lastCommitAt { return .stall }
        }
        let lags = samples.compactMap(\.lag)
        let neverDecreased = zip(lags, lags.dropFirst()).allSatisfy { $0 <= $1 }
        if neverDecreased, let firstLag = lags.first, latestLag > firstLag { return .warn }
        return .ok
    }
}
