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
                throw .usage("--from \(text): expected earliest, latest, an offset N, -N, -5m (ago), a time 2026-11-26T10:15Z or @EPOCH_MS")
            }
        }
    }
}

extension StartPosition {
    /// The `--from` forms plus the times `:seek` takes: `-5m` (`s`, `m`, `h`, `d` before `now`)
    /// and ISO 8601 (`2026-11-26T10:15Z`), both as `timestamp`. `-5` without a unit stays the
    /// last five messages of each partition.
    public init(parsing text: String, now: Int64) throws(EvmonError) {
        if let time = Self.time(parsing: text, now: now) {
            self = .timestamp(time)
            return
        }
        try self.init(parsing: text)
    }

    /// `-5m`-style times before `now` and ISO 8601 times, in epoch milliseconds; nil for any
    /// other text. An amount too large to subtract is refused, not wrapped.
    public static func time(parsing text: String, now: Int64) -> Int64? {
        if text.hasPrefix("-"), let unit = text.last, let amount = Int64(text.dropFirst().dropLast()), amount > 0 {
            let scale: Int64? = switch unit {
            case "s": 1_000
            case "m": 60_000
            case "h": 3_600_000
            case "d": 86_400_000
            default: nil
            }
            if let scale {
                let (span, overflow) = amount.multipliedReportingOverflow(by: scale)
                return overflow ? nil : now.clampedSubtracting(span)
            }
        }
        return Timestamps.parseISO8601(text)
    }
}
