@testable import EvmonBrokers
import NATSWire
import NIOCore
import Testing

/// The hand-over between the event loop and a tail's reader.
struct NATSDeliveryQueueTests {
    static func message(_ text: String) -> NATSDelivery {
        .message(stream: 0, generation: 1, NATSMessage(subject: ByteBuffer(string: "s"), sid: 2, reply: nil, headerBlock: nil, payload: ByteBuffer(string: text)))
    }

    static func payloads(_ items: [NATSDelivery]) -> [String] {
        items.map { item in
            if case .message(_, _, let message) = item { return String(buffer: message.payload) }
            return "lost"
        }
    }

    @Test func everythingQueuedIsTakenInOrderAtOnce() async {
        let queue = NATSDeliveryQueue()
        for text in ["a", "b", "c"] { queue.push(Self.message(text)) }
        var buffer: [NATSDelivery] = [Self.message("stale")]
        await queue.take(into: &buffer, timeout: .seconds(5))
        #expect(Self.payloads(buffer) == ["a", "b", "c"])
        queue.push(Self.message("d"))
        await queue.take(into: &buffer, timeout: .seconds(5))
        #expect(Self.payloads(buffer) == ["d"], "the previous batch is not handed out again")
    }

    @Test func aWaitingReaderWakesOnTheReadCompleteNotBefore() async throws {
        let queue = NATSDeliveryQueue()
        let reader = Task {
            var buffer: [NATSDelivery] = []
            await queue.take(into: &buffer, timeout: .seconds(30))
            return Self.payloads(buffer)
        }
        try await Task.sleep(for: .milliseconds(100))
        queue.push(Self.message("x"))
        queue.push(.connectionLost(connection: ObjectIdentifier(queue), reason: "gone"))
        queue.wake()
        #expect(await reader.value == ["x", "lost"])
    }

    @Test func aReaderWithNothingToTakeReturnsEmptyAfterTheTimeoutOrWhenCancelled() async throws {
        let queue = NATSDeliveryQueue()
        let clock = ContinuousClock()
        var buffer: [NATSDelivery] = []
        let waited = await clock.measure { await queue.take(into: &buffer, timeout: .milliseconds(200)) }
        #expect(buffer.isEmpty)
        // No upper bound: the timer runs on the shared pool, which a full parallel test run can
        // keep busy for long; that it returned at all is the point.
        #expect(waited >= .milliseconds(200))
        let cancelled = Task {
            var buffer: [NATSDelivery] = []
            await queue.take(into: &buffer, timeout: .seconds(60))
            return buffer.count
        }
        try await Task.sleep(for: .milliseconds(50))
        cancelled.cancel()
        #expect(await cancelled.value == 0)
    }
}
