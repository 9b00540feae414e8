#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonBrokerKit
import EvmonJSON
import EvmonModel

/// `file://PATH.jsonl`: a capture of `tail --format json` lines, read as a broker.
///
/// Topics, partitions, offsets and times are the ones recorded; dead letters are recognised as
/// on a live broker (they are messages of DLQ topics). A capture has no consumer groups, and it
/// is read-only: replays go to a live broker (`--to-broker`). A file that grows is followed
/// like `tail -f`. Lines that are not messages are counted and skipped, never fatal.
public actor FileBroker: InProcessBroker {
    public nonisolated let displayURL: String
    private let path: String
    private let descriptor: Int32
    nonisolated let clock: any WallClock
    private var index = CaptureIndex()
    /// How long a tail at the end waits before looking for more lines.
    let pollInterval: Duration

    /// Opens and indexes the capture; a file that cannot be read is exit 2.
    public init(path: String, clock: any WallClock = SystemClock(), pollInterval: Duration = .milliseconds(200)) throws(EvmonError) {
        self.path = path
        self.clock = clock
        self.pollInterval = pollInterval
        displayURL = BrokerURL.file(path: path).description
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw .usage("\(displayURL): \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(opened, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(opened)
            throw .usage("\(displayURL): not a regular file (a capture is a file of tail's JSON lines)")
        }
        descriptor = opened
        var index = CaptureIndex()
        do {
            _ = try index.extend(descriptor: opened)
        } catch {
            close(opened)
            throw .usage("\(displayURL): \(error)")
        }
        self.index = index
        notice = Self.notice(index, url: displayURL)
    }

    deinit {
        close(descriptor)
    }

    /// What people should know about the capture as it opened: the lines that are not messages.
    public nonisolated let notice: String?

    public func readingNotice() async -> String? { notice }

    /// `file://x.jsonl: 3 lines are not messages and were skipped (line 7: …)`.
    private static func notice(_ index: CaptureIndex, url: String) -> String? {
        guard index.malformed > 0 else { return nil }
        let count = index.malformed == 1 ? "1 line is not a message and was" : "\(index.malformed) lines are not messages and were"
        return "\(url): \(count) skipped (\(index.firstMalformed ?? ""))"
    }

    public func listTopics() async throws -> [TopicMetadata] {
        try follow()
        return index.metadata
    }

    /// A capture holds messages only: no group ever committed in it.
    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] { [] }

    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition {
        throw EvmonError.writeRefused("\(displayURL) is a capture, read-only by nature: name a live broker to write to with --to-broker URL")
    }

    nonisolated func tailSource(_ request: TailRequest) -> FileTailSource {
        FileTailSource(broker: self, request: request)
    }

    // MARK: - For the tail

    /// Indexes what was appended since the last look; whether a message was added.
    @discardableResult
    func follow() throws -> Bool {
        do {
            return try index.extend(descriptor: descriptor)
        } catch {
            throw EvmonError.broker(url: displayURL, reason: error.description)
        }
    }

    /// Where each partition of `request` starts (an index into its messages) and its end now.
    func start(_ request: TailRequest) throws(EvmonError) -> (starts: [(TopicPartition, Int)], ends: [TopicPartition: Int]) {
        let metadata = index.metadata
        var starts: [(TopicPartition, Int)] = []
        var ends: [TopicPartition: Int] = [:]
        for topic in request.topics {
            guard let partitions = metadata.first(where: { $0.name == topic })?.partitions else {
                throw .unknownTopic(topic, known: metadata.map(\.name))
            }
            let ids = partitions.map(\.id)
            for id in request.partitions?.sorted() ?? ids {
                guard ids.contains(id) else { throw .unknownPartition(topic: topic, partition: id, count: ids.count) }
                let topicPartition = TopicPartition(topic: topic, partition: id)
                let entries = index.partitions[topicPartition] ?? []
                starts.append((topicPartition, Self.position(of: request.start, in: entries)))
                ends[topicPartition] = entries.count
            }
        }
        return (starts, ends)
    }

    /// Where `start` falls among a partition's messages.
    static func position(of start: StartPosition, in entries: [CaptureIndex.Entry]) -> Int {
        switch start {
        case .earliest: return 0
        case .latest: return entries.count
        case .lastMessages(let count): return max(0, entries.count - count)
        case .offset(let offset): return entries.firstIndex { $0.offset >= offset } ?? entries.count
        case .timestamp(let time): return entries.firstIndex { $0.timestamp >= time } ?? entries.count
        }
    }

    /// The index entries of a partition from `position`, at most `limit`, and its count now.
    func entries(_ topicPartition: TopicPartition, from position: Int, limit: Int) -> (entries: ArraySlice<CaptureIndex.Entry>, count: Int) {
        let all = index.partitions[topicPartition] ?? []
        let start = min(position, all.count)
        return (all[start..<min(all.count, start + limit)], all.count)
    }

    /// Bytes one read may span: a partition's lines lie among other partitions' lines, and a
    /// sparse partition's next lines may lie far apart in a large file.
    static let readSpan: Int64 = 4 << 20

    /// Reads and decodes the messages of `entries`, in reads of at most `readSpan` bytes (or
    /// one line, when a line is longer).
    nonisolated func records(_ entries: ArraySlice<CaptureIndex.Entry>, of topicPartition: TopicPartition) throws -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(entries.count)
        var groupStart = entries.startIndex
        while groupStart < entries.endIndex {
            let first = entries[groupStart].start
            var groupEnd = groupStart + 1
            while groupEnd < entries.endIndex, entries[groupEnd].start + Int64(entries[groupEnd].length) - first <= Self.readSpan { groupEnd += 1 }
            try read(entries[groupStart..<groupEnd], of: topicPartition, into: &records)
            groupStart = groupEnd
        }
        return records
    }

    /// Reads the bytes `entries` span in one `pread` and decodes each line.
    private nonisolated func read(_ entries: ArraySlice<CaptureIndex.Entry>, of topicPartition: TopicPartition, into records: inout [Record]) throws {
        guard let first = entries.first, let last = entries.last else { return }
        let span = Int(last.start - first.start) + Int(last.length)
        var bytes = [UInt8](repeating: 0, count: span)
        var done = 0
        while done < span {
            let count = bytes.withUnsafeMutableBytes { raw in pread(descriptor, raw.baseAddress! + done, span - done, off_t(first.start) + off_t(done)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw EvmonError.broker(url: displayURL, reason: count == 0 ? "the file was cut short under evmon" : String(cString: strerror(errno)))
            }
            done += count
        }
        try bytes.withUnsafeBufferPointer { buffer in
            for entry in entries {
                let from = Int(entry.start - first.start)
                let line = UnsafeBufferPointer(rebasing: buffer[from..<from + Int(entry.length)])
                guard let decoded = try? RecordLine.decode(line) else {
                    throw EvmonError.broker(url: displayURL, reason: "the file changed under evmon: \(topicPartition)@\(entry.offset) no longer reads")
                }
                records.append(Record(
                    topic: topicPartition.topic, partition: topicPartition.partition, offset: entry.offset, timestamp: entry.timestamp,
                    key: decoded.key, headers: decoded.headers, value: decoded.value))
            }
        }
    }
}
