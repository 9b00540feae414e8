import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thread on which every jq call in the process runs.
///
/// jq 1.6 is not thread-safe even with one `jq_state` per thread (shared globals in its
/// allocator and error paths crash under load, per upstream reports), so evmon never calls it from
/// two threads: work is handed to this thread and the caller waits. Callers batch (a whole
/// batch of records per hop), so the hop costs microseconds per batch, not per message.
///
/// ```swift
/// let verdict = JQThread.shared.perform { context in program.evaluate(input, in: context) }
/// ```
public final class JQThread: @unchecked Sendable {
    /// The process-wide jq thread.
    public static let shared = JQThread()

    /// Work waiting for the thread; guarded by `condition`.
    private var jobs: [Job] = []
    private let condition = NSCondition()
    /// The thread's identity, so `perform` from the thread itself runs inline instead of deadlocking.
    private let threadIdentity = Mutex<pthread_t?>(nil)

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "evmon-jq"
        // jq recurses on deep programs and values; do not depend on the platform's default.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs `body` on the jq thread and returns its result; the caller blocks meanwhile, which is
    /// what makes handing non-`Sendable` state across safe: only one side touches it at a time.
    public func perform<Result, Failure: Error>(_ body: (JQContext) throws(Failure) -> Result) throws(Failure) -> Result {
        let current = pthread_self()
        if threadIdentity.withLock({ $0.map { pthread_equal($0, current) != 0 } ?? false }) {
            return try body(JQContext())
        }
        return try withoutActuallyEscaping(body) { (escapable) throws(Failure) -> Result in
            var outcome: Swift.Result<Result, Failure>?
            let job = Job {
                outcome = Swift.Result { () throws(Failure) -> Result in try escapable(JQContext()) }
            }
            condition.lock()
            jobs.append(job)
            condition.signal()
            condition.unlock()
            job.done.wait()
            return try outcome!.get()
        }
    }

    private func serve() {
        threadIdentity.withLock { $0 = pthread_self() }
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch {
                job.body?()
                // Drop the closure before waking the caller: it wraps a non-escaping closure
                // that must be gone when `withoutActuallyEscaping` returns.
                job.body = nil
                job.done.signal()
            }
        }
    }

    /// One hand-over; `@unchecked` because its closure is run only while its submitter waits.
    private final class Job: @unchecked Sendable {
        var body: (() -> Void)?
        let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping () -> Void) {
            self.body = body
        }
    }
}

/// Proof of being on the jq thread: only `JQThread.perform` makes one, and every jq call takes one.
/// Not `Sendable`, so it cannot be carried off to another task.
public struct JQContext {
    fileprivate init() {}
}

@available(*, unavailable)
extension JQContext: Sendable {}
