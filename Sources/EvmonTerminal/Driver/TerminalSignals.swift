import CNCurses
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide signal and exit plumbing for the one running driver.
///
/// Handlers only set atomics and write a byte to the wake pipe (both async-signal-safe); the
/// curses thread does the real work (`endwin`, `resizeterm`). Stateful C would be copied into
/// every object file including the shim header, so this lives in Swift.
enum TerminalSignals {
    /// The wake pipe's write end while a driver runs, else -1.
    static let wakeDescriptor = Atomic<Int32>(-1)
    /// SIGINT, SIGTERM or SIGHUP received and not yet handled, else 0.
    static let pendingSignal = Atomic<Int32>(0)
    /// SIGWINCH received since the curses thread last looked.
    static let resizePending = Atomic<Bool>(false)
    /// SIGTSTP (Ctrl-Z) received: the curses thread leaves curses, then stops the process.
    static let suspendPending = Atomic<Bool>(false)
    /// Curses is between `newterm` and `endwin`: the atexit hook must restore the terminal.
    static let cursesActive = Atomic<Bool>(false)
    /// One driver at a time: curses and signal dispositions are process-wide.
    static let driverRunning = Atomic<Bool>(false)
    private static let exitHookInstalled = Atomic<Bool>(false)

    /// The signals whose previous dispositions are put back on stop.
    /// SIGTSTP is taken from ncurses, whose own handler would make curses calls on whichever
    /// thread the signal lands.
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP]

    /// Installs the handlers; returns the previous dispositions for `restore`.
    static func install(wakeDescriptor descriptor: Int32) -> [Int32: sigaction] {
        wakeDescriptor.store(descriptor, ordering: .releasing)
        pendingSignal.store(0, ordering: .relaxed)
        resizePending.store(false, ordering: .relaxed)
        suspendPending.store(false, ordering: .relaxed)
        if !exitHookInstalled.exchange(true, ordering: .acquiringAndReleasing) {
            // Whatever ends the process (an error path calling exit) leaves a usable terminal.
            atexit { TerminalSignals.restoreTerminalAtExit() }
        }
        var saved: [Int32: sigaction] = [:]
        for number in handled {
            var previous = sigaction()
            if setHandler(for: number, previous: &previous) { saved[number] = previous }
        }
        return saved
    }

    /// Stops the process as Ctrl-Z would, from the curses thread after `endwin`; returns once
    /// the shell continues it (`fg`).
    static func stopProcess() {
        var previous = sigaction()
        var defaultAction = sigaction()
        defaultAction.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&defaultAction.sa_mask)
        _ = sigaction(SIGTSTP, &defaultAction, &previous)
        _ = kill(getpid(), SIGTSTP)
        _ = sigaction(SIGTSTP, &previous, nil)
    }

    private static func setHandler(for number: Int32, previous: inout sigaction) -> Bool {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { received in TerminalSignals.handle(received) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        return sigaction(number, &action, &previous) == 0
    }

    /// Puts back the dispositions `install` replaced.
    static func restore(_ saved: [Int32: sigaction]) {
        for (number, previous) in saved {
            var previous = previous
            _ = sigaction(number, &previous, nil)
        }
        wakeDescriptor.store(-1, ordering: .releasing)
    }

    /// The signal handler itself: atomics and `write` only.
    private static func handle(_ received: Int32) {
        if received == SIGWINCH {
            resizePending.store(true, ordering: .releasing)
        } else if received == SIGTSTP {
            suspendPending.store(true, ordering: .releasing)
        } else if pendingSignal.exchange(received, ordering: .acquiringAndReleasing) != 0 {
            // A second Ctrl-C while the first is handled: the curses thread is stuck; leave now.
            _exit(128 + received)
        }
        let descriptor = wakeDescriptor.load(ordering: .acquiring)
        if descriptor >= 0 {
            var byte: UInt8 = 1
            _ = write(descriptor, &byte, 1)
        }
    }

    private static func restoreTerminalAtExit() {
        guard cursesActive.exchange(false, ordering: .acquiringAndReleasing) else { return }
        _ = curs_set(1)
        _ = endwin()
    }
}
