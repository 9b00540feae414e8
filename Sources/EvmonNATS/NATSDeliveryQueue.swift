import NATSWire
import Synchronization

/// What the event loop hands a tail's reader.
enum NATSDelivery: Sendable {
    /// A message for stream tail `stream`, delivered to the subscription of consumer `generation`.
    case message(stream: Int, generation: Int, NATSMessage)
    /// The connection `connection` ended.
    /// `unreadable`: the server sent bytes the parser refuses; the tail ends (exit 3).
    case connectionLost(connection: ObjectIdentifier, reason: String, unreadable: Bool)
    /// Messages for stream tail `stream` were dropped because the queue was full: its consumer
    /// must be recreated after the last message handled, which delivers them again.
    case overflowed(stream: Int)
}

/// Messages between the event loop and one tail's reader. JetStream's flow control, which
/// evmon answers only when the reader reaches the request, keeps a well-behaved server within
/// one window of the reader; a server that ignores it meets `byteLimit`: past it messages are
/// dropped and the stream marked `overflowed`, so its consumer starts again where the reader is.
final class NATSDeliveryQueue: Sendable {
    private struct State {
        var items: [NATSDelivery] = []
        var bytes = 0
        var overflowed: Set<Int> = []
        var waiter: CheckedContinuation<Void, Never>?
        var waiterID = 0
    }

    private let state = Mutex(State())
    /// Payload bytes held at most (one message of any accepted size always fits an empty queue).
    let byteLimit: Int

    init(byteLimit: Int = 64 << 20) {
        self.byteLimit = byteLimit
    }

    /// Adds an item without waking the reader; `wake` follows once the socket read is done.
    func push(_ item: NATSDelivery) {
        state.withLock { state in
            guard case .message(let stream, _, let message) = item else {
                state.items.append(item)
                return
            }
            let size = message.payload.readableBytes + (message.headerBlock?.readableBytes ?? 0)
            guard state.bytes + size <= byteLimit || state.items.isEmpty else {
                if state.overflowed.insert(stream).inserted { state.items.append(.overflowed(stream: stream)) }
                return
            }
            state.bytes += size
            state.items.append(item)
        }
    }

    /// Wakes the reader if it waits.
    func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every item queued, swapped into `buffer` (emptied first, its storage reused): the event
    /// loop never waits on the lock for more than a swap. Waits up to `timeout` for the first
    /// item; `buffer` stays empty when none came in time (or the task was cancelled).
    func take(into buffer: inout [NATSDelivery], timeout: Duration) async {
        buffer.removeAll(keepingCapacity: true)
        if takeNow(into: &buffer) { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let id = state.withLock { state -> Int? in
                    guard state.items.isEmpty, !Task.isCancelled else { return nil }
                    state.waiterID += 1
                    state.waiter = continuation
                    return state.waiterID
                }
                guard let id else {
                    continuation.resume()
                    return
                }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.wake(id)
                }
            }
        } onCancel: {
            wake()
        }
        _ = takeNow(into: &buffer)
    }

    private func wake(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.waiterID == id, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    private func takeNow(into buffer: inout [NATSDelivery]) -> Bool {
        state.withLock { state in
            guard !state.items.isEmpty else { return false }
            swap(&state.items, &buffer)
            state.bytes = 0
            state.overflowed = []
            return true
        }
    }
}
