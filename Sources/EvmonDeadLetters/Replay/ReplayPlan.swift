import EvmonModel
import EvmonJSON

/// Exactly what one replay will send, where, and why there.
///
/// Built by `ReplayPlanner` before anything is sent, so that the confirmation, `--dry-run` and
/// the audit log all describe the very message that goes out.
public struct ReplayPlan: Sendable, Equatable {
    /// The dead letter being replayed.
    public var source: DeadLetterID
    /// The message to produce.
    public var message: OutgoingMessage
    /// How the partition was chosen.
    public var route: ReplayRoute
    /// True when the value was changed (in `$EDITOR`) before replaying.
    public var edited = false
    /// True when an ordinary message is re-produced, not a dead letter replayed.
    public var isReproduction = false
    /// The value as a schema decoded it, when one did: what an edit changes, to be encoded back
    /// with the same schema (`value` stays the exact bytes that go out).
    public var decoded: DecodedPart?
    /// What the user should know before confirming: an earlier replay, a partition that no longer exists.
    public var warnings: [String]

    public init(source: DeadLetterID, message: OutgoingMessage, route: ReplayRoute, warnings: [String] = []) {
        self.source = source
        self.message = message
        self.route = route
        self.warnings = warnings
    }

    /// The same replay with a new value (its decoded reading, when the edit was of that).
    public func withValue(_ value: [UInt8], decodedJSON: [UInt8]? = nil) -> ReplayPlan {
        var plan = self
        plan.edited = plan.edited || value != message.value
        plan.message.value = value
        if let decodedJSON, var decoded = plan.decoded {
            decoded.json = decodedJSON
            decoded.failure = nil
            plan.decoded = decoded
        } else {
            plan.decoded = nil
        }
        return plan
    }

    /// The file extension an editor should see for this value (`json` picks its JSON mode).
    public var editorFileExtension: String {
        guard let value = message.value, (try? JSONParser.parse(value)) != nil else { return "txt" }
        return "json"
    }

    /// `orders/1` or `orders (partition chosen by the client)`.
    public var targetDescription: String {
        route.partition.map { "\(message.topic)/\($0)" } ?? message.topic
    }
}

/// How a replay's partition was chosen.
public enum ReplayRoute: Sendable, Equatable {
    /// The partition the original message was read from (named by the DLQ headers).
    case originalPartition(Int)
    /// murmur2 of the key, as the Java client's default partitioner places keyed messages.
    case keyHash(Int)
    /// No key and no known partition: the producer picks, as for any unkeyed message.
    case producerChoice

    /// The explicit partition, when there is one.
    public var partition: Int? {
        switch self {
        case .originalPartition(let partition), .keyHash(let partition): partition
        case .producerChoice: nil
        }
    }

    /// Why the message goes there, for people.
    public var explanation: String {
        switch self {
        case .originalPartition: "the original partition"
        case .keyHash: "murmur2 of the key, as the Java client places it"
        case .producerChoice: "no key and no known partition: the client's choice"
        }
    }

    /// A short name for JSON output and the audit log.
    public var name: String {
        switch self {
        case .originalPartition: "original"
        case .keyHash: "key-hash"
        case .producerChoice: "any"
        }
    }
}
