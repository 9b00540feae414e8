import Synchronization
import EvmonModel

/// What an adapter tells the status bar about its connection: every state change goes to every
/// listener, and the first listener starts establishing the connection in the background,
/// retrying with backoff until the broker answers or refuses (Kafka, Redis and NATS alike).
public final class ConnectionStatus: Sendable {
    public init() {}

    private let broadcast = ConnectionStateBroadcast()
    private let establishing = Mutex<Task<Void, Never>?>(nil)

    /// Tells every listener, when the state changed.
    public func send(_ state: ConnectionState) {
        broadcast.send(state)
    }

    /// A stream of states starting with the current one. The first call starts `connect` in a
    /// loop: each failure, as `classify` names it, is reported and retried after the backoff of
    /// `ReconnectStateMachine`; refused credentials, configuration errors and the errors
    /// `isFinal` names end it as `.failed`.
    public func subscribe(
        clock: any WallClock, connect: @escaping @Sendable () async throws -> Void,
        classify: @escaping @Sendable (any Error) async -> EvmonError,
        isFinal: @escaping @Sendable (any Error) -> Bool = { _ in false }
    ) -> AsyncStream<ConnectionState> {
        let stream = broadcast.subscribe()
        establishing.withLock { task in
            guard task == nil else { return }
            task = Task { [weak self] in await self?.establish(clock: clock, connect: connect, classify: classify, isFinal: isFinal) }
        }
        return stream
    }

    private func establish(
        clock: any WallClock, connect: @Sendable () async throws -> Void, classify: @Sendable (any Error) async -> EvmonError,
        isFinal: @Sendable (any Error) -> Bool
    ) async {
        var machine = ReconnectStateMachine()
        while !Task.isCancelled {
            do {
                try await connect()
                send(.connected)
                return
            } catch {
                let failure = await classify(error)
                let reason: String
                var gaveUp = isFinal(error)
                switch failure {
                case .authenticationFailed(_, let why), .usage(let why):
                    reason = why
                    gaveUp = true
                case .unreachable(_, let why), .broker(_, let why):
                    reason = why
                default:
                    reason = failure.description
                }
                if gaveUp {
                    send(.failed(reason: reason))
                    return
                }
                for action in machine.connectionLost(reason: reason, now: clock.now()) {
                    switch action {
                    case .report(let state): send(state)
                    case .wait(let milliseconds): try? await Task.sleep(for: .milliseconds(milliseconds))
                    }
                }
            }
        }
    }

    /// Stops establishing and ends every listener's stream.
    public func finish() {
        establishing.withLock { $0?.cancel() }
        broadcast.finish()
    }
}
