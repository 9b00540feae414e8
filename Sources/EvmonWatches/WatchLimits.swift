/// Caps on what watches remember, so memory stays flat however long evmon runs
/// (docs/ARCHITECTURE.md wall 5). Reaching a cap forgets the oldest state and counts it in
/// `WatchResult.forgotten`.
public struct WatchLimits: Sendable, Equatable {
    /// Keys a `unique` watch remembers.
    public var uniqueKeys: Int
    /// Scopes (keys, partitions) an `ordered` watch remembers.
    public var orderedScopes: Int
    /// Open obligations of a `followed_by` / `not_followed_by` watch.
    public var openObligations: Int
    /// Correlated messages a follow watch keeps for sources not yet read (replays read topics unevenly).
    public var earlyTargets: Int

    public init(uniqueKeys: Int = 200_000, orderedScopes: Int = 200_000, openObligations: Int = 100_000, earlyTargets: Int = 100_000) {
        self.uniqueKeys = uniqueKeys
        self.orderedScopes = orderedScopes
        self.openObligations = openObligations
        self.earlyTargets = earlyTargets
    }
}
