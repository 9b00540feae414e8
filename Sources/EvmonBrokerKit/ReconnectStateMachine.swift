import EvmonModel

/// Whether a tail's connection stands or is being retried; each event returns what to do.
/// Shared by the Kafka, Redis and NATS tails.
///
/// Backoff doubles from 100 ms to 2 s. The adapter reports `.reconnecting` once per loss (with
/// the time of the next try) and `.connected` once the first request after it succeeds.
public struct ReconnectStateMachine: Sendable, Equatable {
    public init() {}

    public enum State: Sendable, Equatable {
        case connected
        case reconnecting(attempt: Int)
    }

    public enum Action: Sendable, Equatable {
        case report(ConnectionState)
        case wait(milliseconds: Int64)
    }

    private(set) var state: State = .connected

    public static func delay(attempt: Int) -> Int64 {
        min(2000, 100 << min(attempt, 5))
    }

    /// A request failed on a lost connection at `now` (epoch ms).
    public mutating func connectionLost(reason: String, now: Int64) -> [Action] {
        let attempt: Int
        switch state {
        case .connected: attempt = 0
        case .reconnecting(let previous): attempt = previous + 1
        }
        state = .reconnecting(attempt: attempt)
        let delay = Self.delay(attempt: attempt)
        return [.report(.reconnecting(retryAt: now + delay, reason: reason)), .wait(milliseconds: delay)]
    }

    /// A request succeeded.
    public mutating func requestSucceeded() -> [Action] {
        guard case .reconnecting = state else { return [] }
        state = .connected
        return [.report(.connected)]
    }
}
