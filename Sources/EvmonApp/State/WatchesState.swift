import EvmonWatches

/// The watches loaded into the monitor and their live verdicts.
///
/// The engine that judges them lives with the runtime (it owns a jq thread and per-watch
/// memory); the model keeps only what the panes show.
public struct WatchesState: Sendable, Equatable {
    /// The watch file, once one was loaded.
    public var path: String?
    public var results: [WatchResult] = []
    /// Topics the watches read; tailed even when not streamed.
    public var topics: [String] = []
    /// Why the last load failed (the previous watches stay in force).
    public var loadError: String?

    public init() {}

    /// How many watches currently fail.
    public var failingCount: Int { results.filter { $0.status == .fail }.count }
}
