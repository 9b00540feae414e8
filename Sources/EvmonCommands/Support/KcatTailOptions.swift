import ArgumentParser
import EvmonModel

/// kcat's consumer flags that `evmon tail` takes as they are, so that a kcat command line with
/// `kcat` replaced by `evmon tail` reads the same records (docs/CLI.md "kcat's flags").
/// `-o`, `-p`, `-c`, `-f` and `-e` are short names of tail's own options; these are the rest.
struct KcatTailOptions: ParsableArguments {
    @Option(name: .customShort("b"), help: ArgumentHelp("kcat's -b: Kafka bootstrap servers, or a broker URL.", valueName: "host:port,…"))
    var bootstrapServers: String?

    @Option(name: .customShort("t"), help: ArgumentHelp("kcat's -t: a topic to tail (repeatable; same as naming it).", valueName: "topic"))
    var topics: [String] = []

    @Flag(name: .customShort("J"), help: "kcat's -J: print each message as kcat's JSON envelope.")
    var jsonEnvelope = false

    @Flag(name: .customShort("C"), help: "kcat's -C (consumer mode): without -o/--from, start at the beginning, as kcat does.")
    var consumerMode = false

    @Flag(name: .customShort("q"), help: "kcat's -q: accepted; evmon prints no progress notes anyway.")
    var quiet = false

    /// The `--broker` URL `-b` names: a URL as it is, bare `host:port` lists as Kafka bootstrap servers.
    func brokerURL(conflictingWith broker: String?) throws(EvmonError) -> String? {
        guard let bootstrapServers else { return nil }
        if broker != nil { throw .usage("-b and --broker both name a broker; give one") }
        return bootstrapServers.contains("://") ? bootstrapServers : "kafka://" + bootstrapServers
    }
}

/// Where a tail starts and, with `--until` or kcat's `e@MS`, where each partition stops.
struct TailBounds: Equatable {
    var start: StartPosition
    /// A partition stops at its first message at or after this time (epoch ms), which is not
    /// printed: kcat's `e@MS`, or `--until TIME`.
    var stopAt: Int64?
    /// A partition stops at its first message at or after this offset, which is not printed.
    var stopAtOffset: Offset?

    /// Reads `--from`/`-o` values: at most one start (every `--from` form, the times `:seek`
    /// takes, and kcat's `s@MS`) and at most one end (kcat's `e@MS`, or `until`: a time as
    /// `--from` takes it, `now`, or an offset). Without a start, `defaultStart`.
    init(parsing values: [String], until: String? = nil, defaultStart: StartPosition, now: Int64 = SystemClock().now()) throws(EvmonError) {
        var start: StartPosition?
        var stopAt: Int64?
        for value in values {
            if value.hasPrefix("e@") {
                guard stopAt == nil else { throw .usage("-o \(value): only one e@EPOCH_MS end time") }
                guard let millis = Int64(value.dropFirst(2)), millis >= 0 else {
                    throw .usage("-o \(value): expected e@EPOCH_MS, an end time in epoch milliseconds")
                }
                stopAt = millis
                continue
            }
            guard start == nil else { throw .usage("--from \(value): only one start position (an end time is e@EPOCH_MS)") }
            if value.hasPrefix("s@") {
                guard let millis = Int64(value.dropFirst(2)), millis >= 0 else {
                    throw .usage("--from \(value): expected s@EPOCH_MS, a start time in epoch milliseconds")
                }
                start = .timestamp(millis)
            } else {
                start = try StartPosition(parsing: value, now: now)
            }
        }
        self.start = start ?? defaultStart
        if let until {
            guard stopAt == nil else { throw .usage("--until \(until) and -o e@MS both say where to stop; give one") }
            if until == "now" {
                stopAt = now
            } else if until.hasPrefix("@") {
                guard let millis = Int64(until.dropFirst()), millis >= 0 else { throw .usage("--until \(until): expected @EPOCH_MS, a time in epoch milliseconds") }
                stopAt = millis
            } else if let time = StartPosition.time(parsing: until, now: now) {
                stopAt = time
            } else if let offset = Offset(parsing: Substring(until)) {
                stopAtOffset = offset
            } else {
                throw .usage("--until \(until): expected a time (now, -5m, 2026-11-26T10:15Z, @EPOCH_MS) or an offset")
            }
        }
        self.stopAt = stopAt
    }
}
