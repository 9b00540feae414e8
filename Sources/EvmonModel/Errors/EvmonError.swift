/// An error meant for people: one line, and the exit code docs/CLI.md assigns to its kind.
public enum EvmonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad usage, configuration or arguments (exit 2).
    case usage(String)
    /// A topic the broker does not have (exit 2).
    case unknownTopic(String, known: [String])
    /// A partition the topic does not have (exit 2).
    case unknownPartition(topic: String, partition: Int, count: Int)
    /// A consumer group the broker does not know, with the groups it knows (exit 2).
    case unknownGroup(String, known: [String])
    /// A write refused (read-only, no confirmation) (exit 2).
    case writeRefused(String)
    /// The broker cannot be reached (exit 3).
    case unreachable(url: String, reason: String)
    /// Credentials were rejected (exit 3).
    case authenticationFailed(url: String, reason: String)
    /// The broker answered something that breaks its protocol, or an error evmon cannot recover (exit 3).
    case broker(url: String, reason: String)
    /// A write was sent but no answer came (a timeout, a dropped connection): it may or may not
    /// have been stored, so it is neither a success nor a failure (exit 3).
    case outcomeUnknown(url: String, reason: String)

    /// The process exit code for this error (docs/CLI.md "Exit codes").
    public var exitCode: Int32 {
        switch self {
        case .usage, .unknownTopic, .unknownPartition, .unknownGroup, .writeRefused: return 2
        case .unreachable, .authenticationFailed, .broker, .outcomeUnknown: return 3
        }
    }

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .unknownTopic(let topic, let known):
            let list = known.isEmpty ? "the broker has no topics" : "known: " + known.joined(separator: ", ")
            return "unknown topic '\(Self.shown(topic))' (\(list))"
        case .unknownPartition(let topic, let partition, let count):
            return "topic '\(Self.shown(topic))' has no partition \(partition) (it has \(count): 0…\(count - 1))"
        case .unknownGroup(let group, let known):
            // A cluster may have hundreds of groups: the line names the first 20 and counts the rest.
            let named = known.prefix(20).map(Self.shown).joined(separator: ", ")
            let more = known.count > 20 ? " and \(known.count - 20) more" : ""
            let list = known.isEmpty ? "the broker has no consumer groups" : "known: " + named + more
            return "unknown consumer group '\(Self.shown(group))' (\(list))"
        case .writeRefused(let why): return "write refused: \(why)"
        case .unreachable(let url, let reason): return "cannot reach \(url): \(reason)"
        case .authenticationFailed(let url, let reason): return "authentication failed at \(url): \(reason)"
        case .broker(let url, let reason): return "\(url): \(reason)"
        case .outcomeUnknown(let url, let reason):
            return "\(url): outcome unknown: \(reason); the message may have been written, so sending it again may duplicate it"
        }
    }

    /// A name as an error line shows it: whole up to 200 characters, else its start and its size
    /// (a 40,000-byte topic name is one readable line, not a screenful).
    static func shown(_ name: String) -> String {
        guard name.count > 200 else { return name }
        return String(name.prefix(120)) + "… (\(name.utf8.count) bytes)"
    }
}
