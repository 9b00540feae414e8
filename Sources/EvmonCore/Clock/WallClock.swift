#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Tells the time in epoch milliseconds. Injected everywhere time matters, so tests never sleep.
public protocol WallClock: Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}

/// The machine's real-time clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock that moves only when told to; for tests and deterministic replays.
public final class ManualClock: WallClock {
    private let current: Mutex<Int64>

    public init(startingAt milliseconds: Int64) {
        current = Mutex(milliseconds)
    }

    public func now() -> Int64 { current.withLock { $0 } }

    /// Moves the clock forward by `milliseconds`.
    public func advance(by milliseconds: Int64) {
        current.withLock { $0 += milliseconds }
    }

    /// Sets the clock to an absolute time.
    public func set(to milliseconds: Int64) {
        current.withLock { $0 = milliseconds }
    }
}
