import EvmonUI
import EvmonModel

extension TerminalDriver {
    /// Hands the terminal to `body` (an editor, say) and takes it back: curses is left as for
    /// Ctrl-Z (`endwin`: a cooked terminal, the cursor shown), `body` runs, then curses returns
    /// and the newest frame is repainted whole. Returns `body`'s result once the screen is back.
    ///
    /// ```swift
    /// let edited = try await driver.runOutsideCurses { () throws(EvmonError) in
    ///     try ExternalEditor.edit(value, fileExtension: "json", environment: environment)
    /// }
    /// ```
    ///
    /// `body` runs on the curses thread, which neither reads keys nor draws until it returns:
    /// every key typed meanwhile belongs to the program `body` runs, and frames presented
    /// meanwhile wait for it. It may block (that thread is evmon's own, not the concurrency
    /// pool's) but must not call `stop()`. Calls queue and run one at a time.
    ///
    /// Throws `body`'s error, or a usage error when the driver is not running or stops before
    /// `body` could run. Cancelling the calling task does not interrupt `body`.
    public func runOutsideCurses<T: Sendable>(
        _ body: @escaping @Sendable () throws(EvmonError) -> T
    ) async throws(EvmonError) -> T {
        typealias Continuation = CheckedContinuation<Result<T, EvmonError>, Never>
        let result = await withCheckedContinuation { (continuation: Continuation) in
            let job = OutsideCursesJob(
                run: {
                    let result = Result { () throws(EvmonError) -> T in try body() }
                    return { continuation.resume(returning: result) }
                },
                abandon: { continuation.resume(returning: .failure(.usage("the terminal UI is not running"))) })
            let queued = shared.withLock { shared -> Bool in
                guard shared.phase == .running else { return false }
                shared.outsideCursesJobs.append(job)
                return true
            }
            if queued { wake() } else { job.abandon() }
        }
        return try result.get()
    }

    /// The oldest waiting `runOutsideCurses` call, taken off the queue.
    func nextOutsideCursesJob() -> OutsideCursesJob? {
        shared.withLock { $0.outsideCursesJobs.isEmpty ? nil : $0.outsideCursesJobs.removeFirst() }
    }

    /// On the curses thread: leaves curses, runs `job`, re-enters curses repainting every cell
    /// of `latest`, and only then hands the caller its result.
    func runOutsideCurses(_ job: OutsideCursesJob, on screen: CursesScreen, repainting latest: ScreenGrid?) {
        screen.suspend()
        let resumeCaller = job.run()
        if screen.resume() { reportResize(screen) }
        screen.repaint(latest)
        resumeCaller()
    }

    /// Fails the calls still queued; called once the phase is `.stopped`, so none can follow.
    func abandonOutsideCursesJobs() {
        let jobs = shared.withLock { shared in
            defer { shared.outsideCursesJobs = [] }
            return shared.outsideCursesJobs
        }
        for job in jobs { job.abandon() }
    }
}

/// One `runOutsideCurses` call waiting for the curses thread.
struct OutsideCursesJob: Sendable {
    /// Runs the caller's body; returns what hands the caller its result, called once curses is
    /// back so the caller's next frame lands on a restored screen.
    let run: @Sendable () -> @Sendable () -> Void
    /// Tells the caller the driver stopped before its body could run.
    let abandon: @Sendable () -> Void
}
