import Synchronization
import EvmonModel

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
