import ArgumentParser
import Foundation
import EvmonConfig
import EvmonRuntime
import EvmonModel
import EvmonDeadLetters
import EvmonWatches
import EvmonApp
import EvmonBrokers

/// `evmon [ui]`: the TUI on the resolved broker.
struct InterfaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the TUI: topics, live stream, message detail, lag, DLQ and watches.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var look: LookOptions

    @Argument(help: "Topics to stream (default: every topic when there are at most six).")
    var topics: [String] = []

    // `.unconditional` so that `--from -10` is a value, not an unknown flag.
    @Option(parsing: .unconditional, help: "Where the stream starts: earliest, latest, N, -N (default -200), -5m, an ISO 8601 time, @EPOCH_MS.")
    var from: String?

    func run() async throws {
        let start = try from.map { text throws(EvmonError) in try StartPosition(parsing: text, now: SystemClock().now()) }
        let resolved = try global.resolve()
        let adapter = try resolved.open(reportNotice: false)
        try await look.runInterface(
            on: adapter, writer: resolved.openWriter(), readOnlyReason: resolved.readOnlyReason, deadLetters: resolved.deadLetters,
            topics: topics, start: start)
    }
}

/// `evmon demo`: the TUI on the embedded demo broker.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the TUI on demo://, the embedded order-service scenario.")

    @OptionGroup var look: LookOptions

    @Flag(name: .long, help: "Refuse every write (replays, re-produces).")
    var readOnly = false

    @Flag(name: .long, help: "Add the payments topic: Avro, framed for the demo's own schema registry, shown decoded.")
    var avro = false

    func run() async throws {
        let adapter = try SchemaSettings().decoding(BrokerFactory.open(.demo(.init(avro: avro))))
        try await look.runInterface(on: adapter, readOnlyReason: readOnly ? "--read-only" : nil, deadLetters: .standard)
    }
}

/// TUI flags shared by `ui` and `demo`.
struct LookOptions: ParsableArguments {
    @Option(name: .long, help: "Theme: default, light, high-contrast, or a theme file (YAML).")
    var theme: String = ThemeLoader.defaultName

    @Option(name: .long, help: "A watch file whose rules run live in the watches pane (reloaded when it changes).")
    var watches: String?

    func runInterface(
        on adapter: any BrokerAdapter, writer: (any BrokerAdapter)? = nil, readOnlyReason: String?, deadLetters: DeadLetterRecognizer,
        topics: [String] = [], start: StartPosition? = nil
    ) async throws {
        let loader = ThemeLoader()
        // A broken watch file given on the command line stops before the screen changes.
        if let watches { _ = try WatchEngine(watches: WatchFile.load(path: watches).watches) }
        var settings = AppSettings()
        settings.deadLetters = deadLetters
        settings.initialTopics = topics
        settings.initialStart = start
        let configuration = try Configuration.load(path: Configuration.path(environment: ProcessInfo.processInfo.environment))
        settings.traceLinks = configuration.traceLinks
        settings.traceWindow = configuration.traceWindow
        var options = TerminalApp.Options(
            theme: try loader.load(theme), loadTheme: { name throws(EvmonError) in try loader.load(name) }, readOnlyReason: readOnlyReason,
            settings: settings, watchesPath: watches, loadWatches: { path throws(EvmonError) in try WatchFile.load(path: path).watches })
        let auditLog = ReplayAuditLog()
        options.journal = auditLog
        options.writer = writer
        (options.replayHistory, options.startupNotice) = try auditLog.history(broker: adapter.displayURL)
        try await TerminalApp.run(adapter: adapter, options: options)
    }
}
