import Foundation
import Synchronization

/// A token command run with `/bin/sh -c`, stdin closed, to its end or to its time limit.
///
/// The limit is kept by a Dispatch timer and the outcome settled by Foundation's and the pipe
/// readers' own threads, never by a task polling on Swift's cooperative pool: when that pool is
/// busy (two threads on a two-core machine), a poller could wake after the command had run
/// far past its limit and take it for a command that finished in time.
enum TokenCommand {
    /// How the command ended.
    enum Outcome: Sendable {
        /// It ended on its own, with everything it printed on stdout and stderr.
        case finished(Exit, printed: Data, complaints: Data)
        /// It was still running (or its children still held its output) at the limit, and was
        /// killed then.
        case timedOut
    }

    /// The shell's exit: a status, or the signal that stopped it.
    struct Exit: Sendable {
        var reason: Process.TerminationReason
        var status: Int32
    }

    /// Runs `command`; throws only when `/bin/sh` cannot be started. Past `timeout` the shell
    /// is killed and evmon goes on at once: not waiting for a command that ignores SIGTERM,
    /// nor for children that keep its output open (their readers finish on their own threads).
    static func run(_ command: String, timeout: Duration) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let run = Settlement()
        process.terminationHandler = { ended in
            run.record { $0.exit = Exit(reason: ended.terminationReason, status: ended.terminationStatus) }
        }
        try process.run()
        // Both pipes are read to their ends at once, so a chatty command cannot block on a full pipe.
        readToEnd(output.fileHandleForReading) { data in run.record { $0.printed = data } }
        readToEnd(errors.fileHandleForReading) { data in run.record { $0.complaints = data } }
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))) {
            if run.timeOut() { kill(pid, SIGKILL) }
        }
        return await run.outcome()
    }

    private static func readToEnd(_ handle: FileHandle, then finish: @escaping @Sendable (Data) -> Void) {
        Thread { finish(handle.readDataToEndOfFile()) }.start()
    }
}

/// What has been heard of one run so far; settled once, by whichever comes first: the limit,
/// or the exit together with both pipes' ends.
private final class Settlement: Sendable {
    struct Heard {
        var exit: TokenCommand.Exit?
        var printed: Data?
        var complaints: Data?
        var outcome: TokenCommand.Outcome?
        var waiter: CheckedContinuation<TokenCommand.Outcome, Never>?
    }

    private let heard = Mutex(Heard())

    /// Notes something heard; settles the run when it is the last piece.
    func record(_ change: (inout Heard) -> Void) {
        let waiter = heard.withLock { state -> (CheckedContinuation<TokenCommand.Outcome, Never>, TokenCommand.Outcome)? in
            change(&state)
            guard state.outcome == nil, let exit = state.exit, let printed = state.printed, let complaints = state.complaints else { return nil }
            return Self.settle(&state, .finished(exit, printed: printed, complaints: complaints))
        }
        waiter.map { $0.resume(returning: $1) }
    }

    /// Settles the run as timed out, unless it already ended; true when it did time out.
    func timeOut() -> Bool {
        let (timedOut, waiter) = heard.withLock { state -> (Bool, (CheckedContinuation<TokenCommand.Outcome, Never>, TokenCommand.Outcome)?) in
            guard state.outcome == nil else { return (false, nil) }
            return (true, Self.settle(&state, .timedOut))
        }
        waiter.map { $0.resume(returning: $1) }
        return timedOut
    }

    /// The outcome, once settled.
    func outcome() async -> TokenCommand.Outcome {
        await withCheckedContinuation { continuation in
            let settled = heard.withLock { state -> TokenCommand.Outcome? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            settled.map { continuation.resume(returning: $0) }
        }
    }

    private static func settle(_ state: inout Heard, _ outcome: TokenCommand.Outcome) -> (CheckedContinuation<TokenCommand.Outcome, Never>, TokenCommand.Outcome)? {
        state.outcome = outcome
        defer { state.waiter = nil }
        return state.waiter.map { ($0, outcome) }
    }
}
