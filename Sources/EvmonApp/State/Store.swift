import EvmonModel

/// Holds the state, stamps time from an injected clock, and runs the reducer.
///
/// Owned by one task or thread (the runtime's); not shared.
public final class Store {
    public private(set) var state: AppState
    private let clock: any WallClock

    public init(brokerURL: String, clock: any WallClock, settings: AppSettings = AppSettings()) {
        self.clock = clock
        state = AppState(brokerURL: brokerURL, now: clock.now(), settings: settings)
    }

    /// Applies one action; returns the effects the runtime must carry out.
    @discardableResult
    public func send(_ action: AppAction) -> [Effect] {
        reduce(&state, action)
    }

    /// Tells the model the clock's current time.
    @discardableResult
    public func tick() -> [Effect] {
        send(.clockTicked(at: clock.now()))
    }
}
