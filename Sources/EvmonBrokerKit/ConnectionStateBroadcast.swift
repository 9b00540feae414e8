import Synchronization
import EvmonModel

/// Fans connection-state changes out to every listener; each new listener first gets the
/// current state.
public final class ConnectionStateBroadcast: Sendable {
    private struct State {
        var current: ConnectionState = .connecting
        var listeners: [Int: AsyncStream<ConnectionState>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// A stream of states, starting with the current one.
    public func subscribe() -> AsyncStream<ConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(of: ConnectionState.self, bufferingPolicy: .bufferingNewest(16))
        state.withLock { state in
            continuation.yield(state.current)
            if state.finished {
                continuation.finish()
                return
            }
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = continuation
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
            }
        }
        return stream
    }

    /// Tells every listener, when the state changed.
    public func send(_ new: ConnectionState) {
        state.withLock { state in
            guard state.current != new, !state.finished else { return }
            state.current = new
            for listener in state.listeners.values { listener.yield(new) }
        }
    }

    public func finish() {
        let listeners = state.withLock { state in
            state.finished = true
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
