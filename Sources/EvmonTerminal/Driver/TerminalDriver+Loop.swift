import EvmonUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TerminalDriver {
    /// The curses thread: wait for a key, a wake-up or the next frame slot; read keys; draw the
    /// newest frame when one is due. Returns when `stop()` asks or the terminal goes away.
    func run(_ screen: CursesScreen, pipe: WakePipe) {
        continuation.yield(.resized(width: screen.size.width, height: screen.size.height))
        let clock = ContinuousClock()
        var lastDraw: ContinuousClock.Instant?
        // The newest frame, kept to redraw after a resize or a theme change.
        var latest: ScreenGrid?
        var needsDraw = false
        // Frames that follow a key press skip the frame pacing: the answer to a key must not
        // wait for the next slot (a 30-frame/s slot alone would add up to 33 ms).
        var keyAnsweredUntil: ContinuousClock.Instant?
        while true {
            let signal = TerminalSignals.pendingSignal.load(ordering: .acquiring)
            if signal != 0 {
                // SIGINT/SIGTERM/SIGHUP: restore the terminal here, on the thread that owns it,
                // then end the process the way the signal would have (130, 143, 129).
                screen.close()
                exit(128 + signal)
            }
            let (stopRequested, theme, frame) = shared.withLock { shared in
                defer {
                    shared.pendingTheme = nil
                    shared.pendingFrame = nil
                }
                return (shared.stopRequested, shared.pendingTheme, shared.pendingFrame)
            }
            if stopRequested { return }
            if let theme {
                screen.setTheme(theme)
                needsDraw = true
            }
            if let frame {
                latest = frame
                needsDraw = true
            }
            if let job = nextOutsideCursesJob() {
                // The job runs on this thread, so no key is read and nothing drawn until it is
                // done; then the newest frame is already on screen, whole.
                runOutsideCurses(job, on: screen, repainting: latest)
                needsDraw = false
                lastDraw = clock.now
                continue
            }
            if TerminalSignals.suspendPending.exchange(false, ordering: .acquiringAndReleasing) {
                // Ctrl-Z: give the shell its terminal back, stop, and repaint after `fg`.
                screen.suspend()
                TerminalSignals.stopProcess()
                if screen.resume() { reportResize(screen) }
                needsDraw = true
                lastDraw = nil
            }
            if TerminalSignals.resizePending.exchange(false, ordering: .acquiringAndReleasing), screen.resizeFromKernel() {
                reportResize(screen)
                needsDraw = true
            }
            for input in screen.readInput() {
                switch KeyMapping.translate(input) {
                case .key(let key):
                    continuation.yield(.key(key))
                    keyAnsweredUntil = clock.now + .milliseconds(100)
                case .resize:
                    if screen.refreshSize() {
                        reportResize(screen)
                        needsDraw = true
                    }
                case .ignored:
                    break
                }
            }
            var timeout: Int32 = 250
            if needsDraw, let grid = latest {
                let now = clock.now
                let answeringKey = keyAnsweredUntil.map { now < $0 } ?? false
                if let lastDraw, now - lastDraw < frameInterval, !answeringKey {
                    timeout = Self.milliseconds(frameInterval - (now - lastDraw))
                } else {
                    screen.draw(grid)
                    lastDraw = now
                    needsDraw = false
                }
            }
            sendPendingClipboard()
            if !wait(for: pipe, timeout: timeout) {
                // Standard input hung up: the terminal is gone; nothing more can be shown or read.
                return
            }
        }
    }

    func reportResize(_ screen: CursesScreen) {
        shared.withLock { $0.size = screen.size }
        continuation.yield(.resized(width: screen.size.width, height: screen.size.height))
    }

    /// Sleeps until input, a wake-up or `timeout` ms; false when standard input is gone.
    private func wait(for pipe: WakePipe, timeout: Int32) -> Bool {
        var descriptors = [
            pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pipe.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, 2, timeout)
        if ready > 0, descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0,
            descriptors[0].revents & Int16(POLLIN) == 0
        {
            return false
        }
        if ready > 0, descriptors[1].revents != 0 { pipe.drain() }
        return true
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(1, total))
    }
}
