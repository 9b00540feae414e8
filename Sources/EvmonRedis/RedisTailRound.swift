import NIOCore
import RedisWire
import EvmonModel

/// One round of a Redis tail: pipelined `XRANGE key (lastid + COUNT n` for streams still reading
/// their history, plus `XREAD COUNT n STREAMS k… id…` for those following; when every stream is
/// following, one blocking `XREAD COUNT n BLOCK ms STREAMS k… id…` instead.
struct RedisTailPlan: Sendable {
    /// Streams reading history, each after this id (`zero`: from the first entry).
    var history: [(topic: String, after: Offset)]
    /// Streams following, each after this id.
    var follow: [(topic: String, after: Offset)]
    var count: Int
    var blockMilliseconds: Int

    var blocks: Bool { history.isEmpty && !follow.isEmpty }

    /// `XRANGE key (after + COUNT n` (`-` for the very start).
    static func range(_ topic: String, after: Offset, count: Int) -> RESPCommand {
        RESPCommand("XRANGE", topic, after == RedisStreamID.zero ? "-" : "(\(after)", "+", "COUNT", String(count))
    }

    var commands: [RESPCommand] {
        var commands = history.map { Self.range($0.topic, after: $0.after, count: count) }
        if !follow.isEmpty {
            var read = RESPCommand("XREAD", "COUNT", String(count))
            if blocks {
                read.append("BLOCK")
                read.append(String(blockMilliseconds))
            }
            read.append("STREAMS")
            for stream in follow { read.append(stream.topic) }
            for stream in follow { read.append(stream.after.description) }
            commands.append(read)
        }
        return commands
    }
}

/// What a round brought back.
enum RedisTailRound: Sendable {
    /// Entries per stream (streams absent from an XREAD reply have none), on this connection.
    case fetched(RedisConnection, history: [String: [Record]], follow: [String: [Record]])
    /// The connection was lost or could not be opened; worth retrying. `timedOut`: the server
    /// took the commands but did not finish answering in time.
    case lost(reason: String, timedOut: Bool)
    /// An error no retry fixes (credentials refused, a reply that is not RESP).
    case failed(EvmonError)

    static func run(broker: RedisBroker, connection existing: RedisConnection?, plan: RedisTailPlan, pageAhead: RedisPageAhead) async -> RedisTailRound {
        var opened: RedisConnection?
        do {
            let connection: RedisConnection
            if let existing {
                connection = existing
            } else {
                connection = try await broker.openTailConnection()
                opened = connection
            }
            let commands = plan.commands
            let history = plan.history
            let followIndex = plan.follow.isEmpty ? nil : commands.count - 1
            // Replies become records on the event loop, as they are decoded.
            let transform: @Sendable (Int, ByteBuffer) throws -> Decoded = { index, frame in
                let topic = index == followIndex ? nil : history[index].topic
                // The fast path reads the usual shapes; anything else is decoded in full.
                if let topic {
                    if let records = RedisEntryFrame.records(topic: topic, frame: frame) { return .records(records) }
                } else if let streams = RedisEntryFrame.streams(frame: frame) {
                    return .streams(streams)
                }
                let reply: RESPValue
                do {
                    reply = try RESPValue.decode(frame: frame)
                } catch {
                    throw RedisConnectionError.protocolViolation(String(describing: error))
                }
                if let message = reply.errorMessage { return .error(message, topic: topic) }
                guard let topic else {
                    return .streams(try streamsOfXREAD(reply).map { key, entries in (key, try RedisEntries.records(topic: key, reply: entries)) })
                }
                return .records(try RedisEntries.records(topic: topic, reply: reply))
            }
            // A blocking XREAD is only cut short by closing its connection.
            let replies: [Decoded] = try await withTaskCancellationHandler {
                if plan.follow.isEmpty, plan.history.count == 1 {
                    // One stream's history: page ahead (see `RedisPageAhead`).
                    let stream = plan.history[0]
                    let count = plan.count
                    let reply = pageAhead.take(topic: stream.topic, after: stream.after, on: connection)
                        ?? connection.sendFrames([RedisTailPlan.range(stream.topic, after: stream.after, count: count)])[0]
                    return [try await reply.flatMapThrowing { frame in
                        pageAhead.askForNext(after: frame, topic: stream.topic, count: count, on: connection)
                        return try transform(0, frame)
                    }.get()]
                }
                return try await connection.pipeline(
                    commands, blockingFor: plan.blocks ? .milliseconds(Int64(plan.blockMilliseconds)) : .zero, transform: transform)
            } onCancel: {
                connection.close()
            }
            var byTopic: [String: [Record]] = [:]
            var follow: [String: [Record]] = [:]
            for reply in replies {
                switch reply {
                case .error(let message, let topic): return .failed(failure(message, topic: topic, broker: broker))
                case .records(let records): if let topic = records.first?.topic { byTopic[topic] = records }
                case .streams(let streams): for (key, records) in streams { follow[key] = records }
                }
            }
            return .fetched(connection, history: byTopic, follow: follow)
        } catch let error as RedisConnectionError where error.isConnectionLoss {
            if let opened { broker.closeTailConnection(opened) }
            var timedOut = false
            if case .timedOut = error { timedOut = true }
            return .lost(reason: error.description, timedOut: timedOut)
        } catch {
            if let opened { broker.closeTailConnection(opened) }
            return .failed(broker.evmonError(error))
        }
    }

    /// A reply as the event loop decoded it.
    enum Decoded: Sendable {
        case records([Record])
        case streams([(String, [Record])])
        case error(String, topic: String?)
    }

    /// XREAD's reply: a RESP3 map of key → entries, a RESP2 array of `[key, entries]`, or null.
    static func streamsOfXREAD(_ reply: RESPValue) throws(RedisConnectionError) -> [(String, RESPValue)] {
        switch reply {
        case .null:
            return []
        case .map(let pairs):
            return try pairs.map { pair throws(RedisConnectionError) in
                guard let key = pair.key.string else { throw .protocolViolation("XREAD answered a stream key that is not a string") }
                return (key, pair.value)
            }
        case .array(let elements):
            return try elements.map { element throws(RedisConnectionError) in
                guard let parts = element.elements, parts.count == 2, let key = parts[0].string else {
                    throw .protocolViolation("XREAD answered something other than [key, entries]")
                }
                return (key, parts[1])
            }
        default:
            throw .protocolViolation("XREAD answered neither a map nor an array")
        }
    }

    private static func failure(_ message: String, topic: String?, broker: RedisBroker) -> EvmonError {
        let error = RedisServerError(command: topic.map { "reading '\($0)'" } ?? "XREAD", message: message)
        return broker.evmonError(error)
    }
}
