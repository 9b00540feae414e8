import EvmonBrokerKit
import EvmonModel

/// A broker evmon runs itself (the demo, a capture): always connected, nothing to close, and
/// its tails on the shared engine, read one round ahead of the reader.
protocol InProcessBroker: BrokerAdapter {
    associatedtype Source: TailSource
    /// What a tail of `request` reads.
    nonisolated func tailSource(_ request: TailRequest) -> Source
    nonisolated var clock: any WallClock { get }
}

extension InProcessBroker {
    public nonisolated func connectionStates() -> AsyncStream<ConnectionState> {
        AsyncStream { continuation in
            continuation.yield(.connected)
            continuation.finish()
        }
    }

    public func shutdown() async {}

    public nonisolated func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let engine = TailEngine(
            source: tailSource(request), batchSize: request.maxBatchSize, displayURL: displayURL, clock: clock, report: { _ in })
        // Pull-based: the broker is read a round ahead of the consumer, so a slow reader (a
        // blocked stdout) applies back-pressure instead of growing a buffer.
        return engine.stream(evmonError: { [displayURL] error in .broker(url: displayURL, reason: String(describing: error)) })
    }
}
