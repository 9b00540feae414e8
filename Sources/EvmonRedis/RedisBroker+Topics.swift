import RedisWire
import EvmonModel

extension RedisBroker {
    /// Every stream (SCAN … TYPE stream) with its bounds from XINFO STREAM: start = first entry
    /// id, end = last-generated-id, message count = length, written count = entries-added (7.0+).
    public func listTopics() async throws -> [TopicMetadata] {
        try await call {
            let names = try await streamNames()
            var topics: [TopicMetadata] = []
            for (name, info) in try await streamInfos(names) {
                guard let info else { continue }  // deleted since the SCAN
                topics.append(TopicMetadata(name: name, partitions: [
                    PartitionMetadata(
                        id: 0, startOffset: RedisEntries.entryID(info.value(named: "first-entry")),
                        endOffset: RedisEntries.nonZeroID(info.value(named: "last-generated-id")),
                        reportedMessageCount: RedisEntries.count(info.value(named: "length")),
                        reportedWrittenCount: RedisEntries.count(info.value(named: "entries-added")))
                ]))
            }
            return topics
        }
    }

    /// SCAN pages read at most: 100 million keys at COUNT 1000.
    static let maximumScanPages = 100_000

    /// Keys of every stream in the database, sorted. SCAN may return a key more than once.
    /// A cursor that comes back, or a scan longer than `maximumScanPages`, is a broker that
    /// would never finish: an error, not a hang.
    func streamNames() async throws -> [String] {
        var names = Set<String>()
        var cursor = "0"
        var seen: Set<String> = []
        repeat {
            guard seen.count < Self.maximumScanPages else {
                throw RedisConnectionError.protocolViolation("SCAN did not return to cursor 0 within \(Self.maximumScanPages) pages")
            }
            let reply = try await read(RESPCommand("SCAN", cursor, "TYPE", "stream", "COUNT", "1000"))
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].string, let keys = parts[1].elements else {
                throw RedisConnectionError.protocolViolation("SCAN answered something other than [cursor, keys]")
            }
            for key in keys { if let name = key.string { names.insert(name) } }
            guard next == "0" || seen.insert(next).inserted else {
                throw RedisConnectionError.protocolViolation("SCAN cursor \(next) came back without the scan reaching 0")
            }
            cursor = next
        } while cursor != "0"
        return names.sorted()
    }

    /// XINFO STREAM of each name, pipelined in chunks; `nil` for a key that is gone.
    func streamInfos(_ names: [String]) async throws -> [(String, [RESPPair]?)] {
        var result: [(String, [RESPPair]?)] = []
        var start = 0
        while start < names.count {
            let chunk = Array(names[start..<min(names.count, start + 256)])
            let replies = try await read(chunk.map { RESPCommand("XINFO", "STREAM", $0) })
            for (name, reply) in zip(chunk, replies) {
                if let message = reply.errorMessage {
                    if Self.isNoSuchKey(message) { result.append((name, nil)); continue }
                    throw RedisServerError(command: "XINFO STREAM \(name)", message: message)
                }
                guard let pairs = reply.pairs else {
                    throw RedisConnectionError.protocolViolation("XINFO STREAM \(name) answered something other than a map")
                }
                result.append((name, pairs))
            }
            start += chunk.count
        }
        return result
    }

    /// `ERR no such key`: XINFO on a missing stream.
    static func isNoSuchKey(_ message: String) -> Bool {
        message.lowercased().contains("no such key")
    }
}
