import Foundation
import EvmonModel
import EvmonWatches
import EvmonApp

/// Owns the watch engine for a monitor session: loads and reloads the watch file, replays the
/// buffered records through new rules, and feeds it what the store takes in.
///
/// Lives inside the session's actor; not thread-safe on its own.
final class WatchSupervisor {
    let initialPath: String?
    private let loadDefinitions: @Sendable (String) throws(EvmonError) -> [WatchDefinition]
    private var engine: WatchEngine?
    private var path: String?
    /// The file's modification time when last loaded (or last seen broken).
    private var modified: Date?
    private var revision = -1

    init(load: @escaping @Sendable (String) throws(EvmonError) -> [WatchDefinition], initialPath: String?) {
        loadDefinitions = load
        self.initialPath = initialPath
    }

    /// Loads `path` and judges the records `state` buffers for its topics, oldest arrival first.
    func load(_ path: String, over state: AppState) -> AppAction {
        self.path = path
        modified = Self.modificationDate(path)
        do {
            let definitions = try loadDefinitions(path)
            let replayed = try WatchEngine(watches: definitions)
            // Event time follows the slowest partition being read, as in `evmon check`.
            replayed.declare(state.topics.values.map(\.metadata).filter { !$0.partitions.isEmpty })
            replayed.ingest(state.bufferedByArrival(Set(definitions.flatMap(\.allTopics))).map(\.buffered.record))
            for topic in state.topics.values {
                for partition in topic.caughtUpPartitions.sorted() {
                    replayed.caughtUp(TopicPartition(topic: topic.metadata.name, partition: partition))
                }
            }
            let groups = state.groups.values.map(\.latestSnapshot)
            if !groups.isEmpty { replayed.observe(consumerGroups: groups, at: state.now) }
            engine = replayed
            revision = replayed.revision
            return .watchesLoaded(path: path, results: replayed.results, topics: replayed.topics)
        } catch {
            return .watchesFailed(path: path, error: error.description)
        }
    }

    /// Loads the current file again over what `state` buffers now; nil when none is loaded.
    func reload(over state: AppState) -> AppAction? {
        path.map { load($0, over: state) }
    }

    /// The path to reload when the loaded file changed on disk since it was read.
    func changedFile() -> String? {
        guard let path, let current = Self.modificationDate(path), current != modified else { return nil }
        return path
    }

    /// Feeds the engine what `action` brought in; the new results when something changed.
    func judge(_ action: AppAction) -> [WatchResult]? {
        guard let engine else { return nil }
        switch action {
        case .recordsFetched(let batch): engine.ingest(batch.records)
        case .lagPolled(let snapshots, let at): engine.observe(consumerGroups: snapshots, at: at)
        case .topicsListed(let topics, _): engine.declare(topics)
        case .partitionCaughtUp(let topicPartition): engine.caughtUp(topicPartition)
        default: return nil
        }
        guard engine.revision != revision else { return nil }
        revision = engine.revision
        return engine.results
    }

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}

extension GroupState {
    /// The latest poll of this group, as a snapshot (what a lag watch judges).
    var latestSnapshot: ConsumerGroupSnapshot {
        ConsumerGroupSnapshot(group: group, state: brokerState, partitions: partitions.values.map(\.latest))
    }
}
