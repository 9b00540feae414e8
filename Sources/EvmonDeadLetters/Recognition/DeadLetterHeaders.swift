import EvmonModel

/// The headers dead-letter producers add, which a replay leaves out, and the ones it adds.
public enum DeadLetterHeaders {
    /// Prefixes owned by a DLQ convention: Spring Kafka (and its retry topics), Spring Cloud
    /// Stream, Kafka Connect, SmallRye.
    private static let ownedPrefixes = ["kafka_dlt-", "retry_topic-", "x-original-", "x-exception-", "__connect.errors.", "dead-letter-"]
    /// Karafka's names are plain words, so only the exact ones are taken (an application's own
    /// `source_system` header must survive a replay).
    private static let ownedNames: Set<String> = Set(["original_", "source_"].flatMap { prefix in
        ["topic", "partition", "offset", "consumer_group", "attempts", "key", "trace_id"].map { prefix + $0 }
    })

    /// Names the dead letter a replay came from: `<dlq>/<partition>/<offset>`.
    public static let replayOf = "evmon-replay-of"
    /// When the replay was sent (ISO-8601, UTC).
    public static let replayAt = "evmon-replay-at"

    /// True for a header a DLQ producer (of any known convention) or an earlier replay added.
    public static func isOwned(_ name: String) -> Bool {
        name == replayOf || name == replayAt || ownedNames.contains(name) || ownedPrefixes.contains { name.hasPrefix($0) }
    }

    /// The original message's headers: the dead letter's without the DLQ's own, in wire order.
    public static func originalHeaders(of headers: [Header]) -> [Header] {
        headers.filter { !isOwned($0.name) }
    }
}
