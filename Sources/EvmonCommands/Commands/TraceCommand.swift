import ArgumentParser
import EvmonConfig
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonJSON
import EvmonTrace
import EvmonWatches

/// `evmon trace`: every message of one business transaction across topics, in event-time order.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Find every message of one transaction across topics, in event-time order.",
        discussion: """
            A message joins the trace when any --by link reads VALUE: key, traceparent (the W3C
            trace id), header:NAME, or a JSON path such as .payload.order_id. Without --by: the
            key, traceparent and common id fields (.order_id, .payload.order_id,
            .correlation_id, …). Each topic is read from --around minus --window to --around
            plus --window, from the first message at that time on, so the cost is the window.
            Exit 0 when something was found, 1 when nothing was.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The transaction's id: an order id, a key, a trace id.")
    var value: String

    @Option(help: "How messages join: key, traceparent, header:NAME or a path (repeatable; default: the config file's trace.by).")
    var by: [String] = []

    @Option(parsing: .upToNextOption, help: "Topics to search (default: every topic).")
    var topics: [String] = []

    // `.unconditional` so that `--around -5m` is a value, not an unknown flag.
    @Option(parsing: .unconditional, help: "The time to search around: now (default), -5m (ago), @EPOCH_MS or an ISO 8601 time.")
    var around: String = "now"

    @Option(help: "How far before and after --around to search (500ms, 10s, 5m, 1h; default: the config file's trace.window, else 10m).")
    var window: String?

    @Option(name: [.long, .customShort("f")], help: "text (default) or json (one message per line, with deltaMs).")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, not \(format)") }
    }

    func run() async throws {
        let configuration = try Configuration.load(path: Configuration.path(environment: ProcessInfo.processInfo.environment))
        let links = by.isEmpty ? configuration.traceLinks : try by.map { (text) throws(EvmonError) in try TraceLink(parsing: text) }
        let matcher = TraceMatcher(value: value, links: links)
        let span = try window.map { (text) throws(EvmonError) in try WatchDuration.milliseconds(parsing: text) } ?? configuration.traceWindow
        let center = try Self.time(parsing: around)
        let broker = try global.resolve()
        let adapter = try broker.open()
        let metadata = try await brokerCall(adapter) { try await adapter.listTopics() }
        let searched = topics.isEmpty ? metadata.map(\.name).filter { !$0.hasPrefix("__") }.sorted() : topics
        let partitions = try TailCommand.partitionsToRead(topics: searched, only: [], metadata: metadata, subjectTopics: adapter.tailsSubjects)
        var trace = Trace()
        if !partitions.isEmpty {
            let search = TraceSearch(partitions: partitions, from: center.clampedSubtracting(span), until: center.clampedAdding(span), matcher: matcher)
            try await brokerCall(adapter) {
                try await search.run(on: adapter) { messages, _ in
                    for match in messages { trace.add(match.record, link: match.link) }
                }
            }
        }
        await adapter.shutdown()
        let output = StandardOutput()
        let rows = trace.rows
        if format == "json" {
            for row in rows { TraceOutput.appendJSON(row, to: &output.buffer) }
        } else {
            for line in TraceOutput.table(rows) { output.buffer.append(contentsOf: Array((line + "\n").utf8)) }
        }
        try output.flush()
        if trace.isTruncated {
            StandardError.report("evmon: the trace stopped at \(trace.limit) messages; narrow it with --topics, --window or --by")
        }
        if rows.isEmpty {
            StandardError.report("evmon: nothing in \(searched.count) topic(s) joins \(TerminalText.escaped(value)) by \(matcher.links.map(\.description).joined(separator: ", ")) within \(WatchDuration.text(span)) of \(around)")
            Glibc.exit(1)
        }
    }

    /// `now`, `-5m` (a time ago), `@EPOCH_MS` or an ISO 8601 time, as epoch milliseconds.
    static func time(parsing text: String, now: Int64 = SystemClock().now()) throws(EvmonError) -> Int64 {
        if text == "now" { return now }
        if text.hasPrefix("@"), let millis = Int64(text.dropFirst()), millis >= 0 { return millis }
        if let millis = StartPosition.time(parsing: text, now: now) { return millis }
        throw .usage("--around \(text): expected now, -5m (ago), @EPOCH_MS or an ISO 8601 time such as 2026-12-07T10:00:00Z")
    }
}
