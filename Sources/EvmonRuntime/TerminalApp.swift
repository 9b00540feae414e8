import EvmonTerminal
import EvmonUI
import Foundation
import EvmonModel
import EvmonDeadLetters
import EvmonWatches
import EvmonApp

/// The TUI: a terminal driver and a monitor session wired together.
public enum TerminalApp {
    /// What the TUI needs besides the broker.
    public struct Options: Sendable {
        public var theme: Theme
        /// Loads a theme for `:theme NAME|FILE`.
        public var loadTheme: @Sendable (String) throws(EvmonError) -> Theme
        /// Why writes are refused (`--read-only`, a read-only profile), or `nil`.
        public var readOnlyReason: String?
        public var settings: AppSettings
        /// A watch file to load at start (`--watches`).
        public var watchesPath: String?
        /// Reads a watch file (for `--watches`, `:watches` and reloads).
        public var loadWatches: @Sendable (String) throws(EvmonError) -> [WatchDefinition]
        /// Where replays are recorded (the audit log), and what it already says of this broker.
        public var journal: any ReplayJournal = RefusingJournal()
        public var replayHistory = ReplayHistory()
        /// Shown in the status bar at start (a damaged audit log, …).
        public var startupNotice: String?
        /// Where replays and re-produces go when not to the broker read (`--to-broker`).
        public var writer: (any BrokerAdapter)?

        public init(
            theme: Theme, loadTheme: @escaping @Sendable (String) throws(EvmonError) -> Theme,
            readOnlyReason: String?, settings: AppSettings = AppSettings(), watchesPath: String? = nil,
            loadWatches: @escaping @Sendable (String) throws(EvmonError) -> [WatchDefinition]
        ) {
            self.theme = theme
            self.loadTheme = loadTheme
            self.readOnlyReason = readOnlyReason
            self.settings = settings
            self.watchesPath = watchesPath
            self.loadWatches = loadWatches
        }
    }

    /// Runs the TUI on `adapter` until the user quits; the terminal is restored however it ends.
    public static func run(adapter: any BrokerAdapter, options: Options) async throws(EvmonError) {
        let driver = TerminalDriver(theme: options.theme)
        try driver.start()
        defer { driver.stop() }
        let size = driver.size
        let loadTheme = options.loadTheme
        let session = MonitorSession(
            adapter: adapter, clock: SystemClock(), settings: options.settings,
            configure: { view in
                view.width = size.width
                view.height = size.height
                view.readOnlyReason = options.readOnlyReason
                view.utcOffsetSeconds = TimeZone.current.secondsFromGMT()
            },
            applyTheme: { name in
                do {
                    driver.setTheme(try loadTheme(name))
                    return nil
                } catch {
                    return String(describing: error)
                }
            },
            loadWatches: options.loadWatches, watchesPath: options.watchesPath,
            journal: options.journal, replayHistory: options.replayHistory, writer: options.writer,
            editValue: { plan throws(EvmonError) in
                try await ReplayEditing.edit(plan, adapter: adapter) { bytes, fileExtension throws(EvmonError) in
                    // The editor gets the terminal to itself; curses comes back with a full repaint.
                    try await driver.runOutsideCurses { () throws(EvmonError) in
                        try ExternalEditor.edit(bytes, fileExtension: fileExtension, environment: ProcessInfo.processInfo.environment)
                    }
                }
            },
            copyToClipboard: { driver.copyToClipboard($0) },
            present: { driver.present($0) })
        if let notice = options.startupNotice { await session.send(.noticePosted(notice, isError: true)) }
        if let notice = await adapter.readingNotice() { await session.send(.noticePosted(notice, isError: false)) }
        let input = Task {
            for await event in driver.events {
                switch event {
                case .key(let key): await session.handle(key)
                case .resized(let width, let height): await session.resize(width: width, height: height)
                }
            }
        }
        await session.run()
        input.cancel()
    }
}
