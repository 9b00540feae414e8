import EvmonCore
import RedisWire

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
                        reportedMessageCount: info.value(named: "length")?.integer,
                        reportedWrittenCount: info.value(named: "entries-added")?.integer)
                ]))
            }
            return topics
        }
    }

    /// Keys of every stream in the database, sorted. SCAN may return a key more than once.
    func streamNames() async throws -> [String] {
        var names = Set<String>()
        var cursor = "0"
        repeat {
            let reply = try await read(RESPCommand("SCAN", cursor, "TYPE", "stream", "COUNT", "1000"))
            guard let parts = reply.elements, parts.count == 2, let next = parts[0].string, let keys = parts[1].elements else {
                throw RedisConnectionError.protocolViolation("SCAN answered something other than [cursor, keys]")
            }
            for key in keys { if let name = key.string { names.insert(name) } }
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
