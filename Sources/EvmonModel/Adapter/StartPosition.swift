/// Where a tail starts reading in each partition.
public enum StartPosition: Sendable, Equatable {
    /// The oldest message still held.
    case earliest
    /// Only messages written from now on.
    case latest
    /// This offset (Kafka offset, NATS sequence, Redis entry id), clamped to what the partition holds.
    case offset(Offset)
    /// The last N messages of each partition.
    case lastMessages(Int)
    /// The first message at or after this time (epoch ms).
    case timestamp(Int64)

    /// Parses the `--from` forms of docs/CLI.md: `earliest`, `latest`, `N`, `-N`, `@EPOCH_MS`
    /// (and a Redis id `ms-seq`; kcat's `beginning`/`end` as aliases).
    public init(parsing text: String) throws(EvmonError) {
        switch text {
        case "earliest", "beginning": self = .earliest
        case "latest", "end": self = .latest
        default:
            if text.hasPrefix("@") {
                guard let millis = Int64(text.dropFirst()), millis >= 0 else {
                    throw .usage("--from \(text): expected @EPOCH_MS, a time in epoch milliseconds")
                }
                self = .timestamp(millis)
            } else if text.hasPrefix("-") {
                guard let count = Int(text.dropFirst()), count > 0 else {
                    throw .usage("--from \(text): expected -N with N > 0, the last N messages of each partition")
                }
                self = .lastMessages(count)
            } else if let offset = Offset(parsing: Substring(text)) {
                self = .offset(offset)
            } else {
                throw .usage("--from \(text): expected earliest, latest, an offset N, -N or @EPOCH_MS")
            }
        }
    }
}
