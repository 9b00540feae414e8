import EvmonModel
import EvmonDeadLetters
import EvmonWatches

/// Where a message sits, as evmon writes it to people everywhere: `orders/1@1277` (topic,
/// partition, offset). One notation for panes, notices, prompts, the replay confirmation and the
/// command line's text (`TopicPartition.description`, `tail --format text`, watch reasons);
/// DECISIONS.md, "One notation for a message's place".
///
/// Only the `evmon-replay-of` header and the audit log keep theirs: they name a dead letter
/// `topic/partition/offset` (`DeadLetterID.description`, a format other tools read).
public enum MessageCoordinates {
    /// `topic/partition@offset`, or as much of it as is known (`topic/partition`, `topic`).
    public static func text(topic: String, partition: Int? = nil, offset: Offset? = nil) -> String {
        guard let partition else { return topic }
        guard let offset else { return "\(topic)/\(partition)" }
        return "\(topic)/\(partition)@\(offset)"
    }
}

extension TopicPartition {
    /// `orders/1`, as the TUI writes it.
    public var shown: String { MessageCoordinates.text(topic: topic, partition: partition) }

    /// `orders/1@1277`: the message at `offset` of this partition, as the TUI writes it.
    public func shown(at offset: Offset) -> String {
        MessageCoordinates.text(topic: topic, partition: partition, offset: offset)
    }
}

extension DeadLetterID {
    /// `orders-dlt/1@20`, as the TUI writes it (the header's `orders-dlt/1/20` stays as it is).
    public var shown: String { MessageCoordinates.text(topic: topic, partition: partition, offset: offset) }
}

extension Record {
    /// `orders/1@1277`, as the TUI writes it.
    public var shownCoordinates: String { MessageCoordinates.text(topic: topic, partition: partition, offset: offset) }
}

extension Violation {
    /// The offending message's place as the TUI writes it, or `-` when the watch names none.
    public var shownCoordinates: String {
        guard let topic else { return "-" }
        return MessageCoordinates.text(topic: topic, partition: partition, offset: offset)
    }
}
