import EvmonUI
import Foundation
import Synchronization
import EvmonModel

/// The terminal: one dedicated thread owns every curses call, draws the latest presented frame
/// at most `maximumFramesPerSecond` times a second as a diff against the previous one, and
/// turns key presses and resizes into `events`.
///
/// `present` never waits for drawing: it replaces the pending frame and wakes the curses
/// thread, so a busy ingest path only ever pays for a lock and a pipe write.
///
/// ```swift
/// let driver = TerminalDriver(theme: theme)
/// try driver.start()                      // enters curses; sends .resized with the size first
/// defer { driver.stop() }                 // restores the terminal (also on SIGINT/SIGTERM, exit)
/// for await event in driver.events {
///     switch event {
///     case .key(.character("q")): return
///     case .key(let key): state.handle(key)
///     case .resized(let width, let height): state.size = (width, height)
///     }
///     driver.present(render(state, driver.size))
/// }
/// ```
public final class TerminalDriver: Sendable {
    /// Key presses and size changes, in order; finishes when the driver stops.
    public let events: AsyncStream<TerminalEvent>

    struct Shared {
        var phase = Phase.idle
        var size = TerminalSize(width: 0, height: 0)
        /// The newest frame not yet drawn; older ones are simply replaced.
        var pendingFrame: ScreenGrid?
        var pendingTheme: Theme?
        /// Bytes to send to the clipboard (OSC 52) after the next frame.
        var pendingClipboard: [UInt8]?
        var stopRequested = false
        /// `runOutsideCurses` calls waiting for the curses thread, oldest first.
        var outsideCursesJobs: [OutsideCursesJob] = []
    }

    enum Phase { case idle, running, stopped }

    let shared = Mutex(Shared())
    let continuation: AsyncStream<TerminalEvent>.Continuation
    private let initialTheme: Theme
    private let noColor: Bool
    private let environment: [String: String]
    let frameInterval: Duration
    private let wakePipe = Mutex<WakePipe?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// A driver for `theme`; `environment` decides colour (`NO_COLOR`). Nothing happens to the
    /// terminal until `start()`.
    public init(
        theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment,
        maximumFramesPerSecond: Int = 30
    ) {
        initialTheme = theme
        self.environment = environment
        noColor = ColorDepth.noColorRequested(in: environment)
        frameInterval = .nanoseconds(1_000_000_000 / max(1, maximumFramesPerSecond))
        (events, continuation) = AsyncStream.makeStream(of: TerminalEvent.self, bufferingPolicy: .bufferingNewest(1024))
    }

    /// The terminal's size as last seen by the curses thread (0×0 before `start`).
    public var size: TerminalSize { shared.withLock { $0.size } }

    /// Whether curses is active (between a successful `start` and `stop`).
    public var isRunning: Bool { shared.withLock { $0.phase == .running } }

    /// Enters curses on the calling process's terminal and starts the curses thread. Throws a
    /// usage error when standard input/output is not a terminal, `TERM` is unknown, or another
    /// driver runs. Returns once the screen is set up and `size` is known.
    public func start() throws(EvmonError) {
        let claimed = shared.withLock { shared -> Bool in
            guard shared.phase == .idle else { return false }
            shared.phase = .running
            return true
        }
        guard claimed else { throw .usage("the terminal UI was already started") }
        guard !TerminalSignals.driverRunning.exchange(true, ordering: .acquiringAndReleasing) else {
            shared.withLock { $0.phase = .stopped }
            throw .usage("the terminal UI is already running")
        }
        let pipe: WakePipe
        do { pipe = try WakePipe() } catch {
            abandonStart()
            throw error
        }
        wakePipe.withLock { $0 = pipe }
        let startError = Mutex<EvmonError?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            let screen: CursesScreen
            do throws(EvmonError) {
                screen = try CursesScreen(theme: initialTheme, noColor: noColor, environment: environment)
            } catch {
                startError.withLock { $0 = error }
                ready.signal()
                finished.signal()
                return
            }
            let savedHandlers = TerminalSignals.install(wakeDescriptor: pipe.writeEnd)
            shared.withLock { $0.size = screen.size }
            ready.signal()
            run(screen, pipe: pipe)
            // Asked to stop, or the terminal hung up: either way the driver is done.
            screen.close()
            TerminalSignals.restore(savedHandlers)
            shared.withLock { $0.phase = .stopped }
            abandonOutsideCursesJobs()
            TerminalSignals.driverRunning.store(false, ordering: .releasing)
            continuation.finish()
            finished.signal()
        }
        thread.name = "evmon-curses"
        thread.start()
        ready.wait()
        if let error = startError.withLock({ $0 }) {
            abandonStart()
            throw error
        }
    }

    /// Hands the driver a frame to draw; returns at once. Only the newest frame is kept: a frame
    /// presented before the previous one was drawn replaces it. Callable from any thread.
    public func present(_ grid: ScreenGrid) {
        let wasPending = shared.withLock { shared -> Bool? in
            guard shared.phase == .running else { return nil }
            let wasPending = shared.pendingFrame != nil
            shared.pendingFrame = grid
            return wasPending
        }
        if wasPending == false { wake() }
    }

    /// Switches theme: colour pairs are rebuilt and the screen is redrawn whole.
    public func setTheme(_ theme: Theme) {
        shared.withLock { $0.pendingTheme = theme }
        wake()
    }

    /// Leaves curses and restores the terminal, then finishes `events`. Idempotent; waits (up
    /// to two seconds) for the curses thread to finish its current frame.
    public func stop() {
        let wasRunning = shared.withLock { shared -> Bool in
            let wasRunning = shared.phase == .running
            shared.stopRequested = true
            shared.phase = .stopped
            return wasRunning
        }
        if wasRunning {
            wake()
            // A terminal that stopped reading (a paused ssh session) can block `doupdate`; the
            // caller must still get on, so the wait is bounded.
            _ = finished.wait(timeout: .now() + 2)
        }
        continuation.finish()
    }

    private func abandonStart() {
        shared.withLock { $0.phase = .stopped }
        abandonOutsideCursesJobs()
        wakePipe.withLock { $0 = nil }
        TerminalSignals.driverRunning.store(false, ordering: .releasing)
        continuation.finish()
    }

    func wake() {
        wakePipe.withLock { $0?.wake() }
    }
}
