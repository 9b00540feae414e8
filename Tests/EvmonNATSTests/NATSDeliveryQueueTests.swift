import NATSWire
import NIOCore
import Testing
@testable import EvmonNATS

/// The hand-over between the event loop and a tail's reader.
struct NATSDeliveryQueueTests {
    static func message(_ text: String) -> NATSDelivery {
        .message(stream: 0, generation: 1, NATSMessage(subject: ByteBuffer(string: "s"), sid: 2, reply: nil, headerBlock: nil, payload: ByteBuffer(string: text)))
    }

    static func payloads(_ items: [NATSDelivery]) -> [String] {
        items.map { item in
            switch item {
            case .message(_, _, let message): return String(buffer: message.payload)
            case .overflowed(let stream): return "overflowed \(stream)"
            case .connectionLost: return "lost"
            }
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

    /// A server that ignores flow control meets the byte limit: what does not fit is dropped
    /// and the stream is marked once, so its consumer starts again after what was kept.
    @Test func pastItsByteLimitTheQueueDropsAndMarksTheStreamOnce() async {
        let queue = NATSDeliveryQueue(byteLimit: 4)
        for text in ["ab", "cd", "ef", "gh"] { queue.push(Self.message(text)) }
        queue.push(.connectionLost(connection: ObjectIdentifier(queue), reason: "gone", unreadable: false))
        var buffer: [NATSDelivery] = []
        await queue.take(into: &buffer, timeout: .seconds(5))
        #expect(Self.payloads(buffer) == ["ab", "cd", "overflowed 0", "lost"])
        queue.push(Self.message("a much longer payload than the limit"))
        await queue.take(into: &buffer, timeout: .seconds(5))
        #expect(Self.payloads(buffer) == ["a much longer payload than the limit"], "one message of any size fits an empty queue")
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
        queue.push(.connectionLost(connection: ObjectIdentifier(queue), reason: "gone", unreadable: false))
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
