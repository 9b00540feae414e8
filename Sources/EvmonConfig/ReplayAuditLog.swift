import Foundation

#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonDeadLetters

/// The replay audit log on disk: `$XDG_STATE_HOME/evmon/replays.jsonl`
/// (`~/.local/state/evmon/replays.jsonl`), one JSON line per event, only ever appended.
///
/// Each line is one `write` on a file opened with `O_APPEND`, so evmon processes replaying at
/// the same time never interleave within a line; each is flushed to disk before the replay
/// goes on, so a crash cannot lose an attempt that was sent.
public struct ReplayAuditLog: ReplayJournal {
    public let path: String
    /// This process's run, for demo worlds not pinned by `start` (`brokerKey`).
    public let run: String

    /// A token for this process, different in every run.
    public static let thisRun = String(UUID().uuidString.prefix(8)).lowercased()

    public init(path: String, run: String = ReplayAuditLog.thisRun) {
        self.path = path
        self.run = run
    }

    /// The log for this environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            path = state + "/evmon/replays.jsonl"
        } else {
            path = (environment["HOME"] ?? "") + "/.local/state/evmon/replays.jsonl"
        }
        run = Self.thisRun
    }

    /// The broker a log line names. A demo world without a pinned `start` begins when its
    /// process opens it, so `demo://` is another world in every run: keyed by the URL alone,
    /// a replay of `orders-dlt/0/3` in one run would mark an unrelated `orders-dlt/0/3` of every
    /// later run as replayed. Such a world is keyed by the URL and this run
    /// (`demo:// (unpinned, run 3f2a9c1e)`); a pinned one (`demo://?seed=7&start=…`) is the same
    /// world in every run and keeps its URL.
    public func brokerKey(_ broker: String) -> String {
        guard case .demo(let options)? = try? BrokerURL(parsing: broker), options.start == nil else { return broker }
        return "\(broker) (unpinned, run \(run))"
    }

    public func append(_ entry: ReplayJournalEntry) throws(EvmonError) {
        var entry = entry
        entry.broker = brokerKey(entry.broker)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .writeRefused("cannot create the replay audit log's folder \(directory): \(error.localizedDescription)")
        }
        // O_NOFOLLOW: a link planted where the log lives must not redirect evmon's writes.
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .writeRefused("cannot open the replay audit log \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var line = entry.jsonLine
        // A line cut short earlier (a full disk) would glue onto this one: start on a line of our own.
        if !Self.endsWithNewline(descriptor) { line.insert(0x0A, at: 0) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw .writeRefused("cannot write the replay audit log \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The log's largest readable size: years of replays; a bigger file is not a log evmon wrote.
    static let readLimit = 256 << 20

    /// The bytes of a regular file at `path`, `nil` when there is none. A link, a device or a
    /// file over `readLimit` is refused: reading `/dev/zero` through a planted link never ends.
    private static func readRegularFile(_ path: String) throws(EvmonError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if descriptor < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .usage("cannot read the replay audit log \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw .usage("the replay audit log \(path) is not a regular file")
        }
        guard status.st_size <= readLimit else {
            throw .usage("the replay audit log \(path) holds \(status.st_size) bytes, over the \(readLimit >> 20) MiB evmon reads")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(bytes[..<filled])
    }

    /// Whether the file is empty or its last byte ends a line.
    private static func endsWithNewline(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return true }
        var last: UInt8 = 0
        return pread(descriptor, &last, 1, status.st_size - 1) == 1 && last == 0x0A
    }

    /// The marks of `broker`'s dead letters; a missing log is an empty history. `warning` says
    /// how many damaged lines were skipped, when some were.
    public func history(broker: String) throws(EvmonError) -> (history: ReplayHistory, warning: String?) {
        guard let bytes = try Self.readRegularFile(path) else { return (ReplayHistory(), nil) }
        let (history, unreadable) = ReplayHistory.parse(bytes, broker: brokerKey(broker))
        let warning = unreadable == 0 ? nil : "\(path): \(unreadable) unreadable line\(unreadable == 1 ? "" : "s") skipped"
        return (history, warning)
    }
}
