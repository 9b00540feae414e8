import EvmonCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The replay audit log on disk: `$XDG_STATE_HOME/evmon/replays.jsonl`
/// (`~/.local/state/evmon/replays.jsonl`), one JSON line per event, only ever appended.
///
/// Each line is one `write` on a file opened with `O_APPEND`, so evmon processes replaying at
/// the same time never interleave within a line; each is flushed to disk before the replay
/// goes on, so a crash cannot lose an attempt that was sent.
public struct ReplayAuditLog: ReplayJournal {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The log for this environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            path = state + "/evmon/replays.jsonl"
        } else {
            path = (environment["HOME"] ?? "") + "/.local/state/evmon/replays.jsonl"
        }
    }

    public func append(_ entry: ReplayJournalEntry) throws(EvmonError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .writeRefused("cannot create the replay audit log's folder \(directory): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .writeRefused("cannot open the replay audit log \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let line = entry.jsonLine
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw .writeRefused("cannot write the replay audit log \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The marks of `broker`'s dead letters; a missing log is an empty history. `warning` says
    /// how many damaged lines were skipped, when some were.
    public func history(broker: String) throws(EvmonError) -> (history: ReplayHistory, warning: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (ReplayHistory(), nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read the replay audit log \(path)")
        }
        let (history, unreadable) = ReplayHistory.parse(Array(data), broker: broker)
        let warning = unreadable == 0 ? nil : "\(path): \(unreadable) unreadable line\(unreadable == 1 ? "" : "s") skipped"
        return (history, warning)
    }
}
