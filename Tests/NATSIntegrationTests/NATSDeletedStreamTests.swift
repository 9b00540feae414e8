import EvmonTestSupport
import Foundation
import Testing

/// A stream deleted while `tail -f` reads it and another: the deleted one's partition ends with
/// JetStream's reason once its heartbeats stop, the other keeps streaming, and the exit code
/// says a partition failed.
@Suite(.enabled(if: NATSTestServer.enabled), .timeLimit(.minutes(2))) struct NATSDeletedStreamTests {
    @Test func tailFollowsTheOtherStreamAndSaysWhichWasDeleted() async throws {
        let doomed = NATSTestServer.uniqueStream("DOOMED")
        let kept = NATSTestServer.uniqueStream("KEPT")
        for stream in [doomed, kept] {
            try await NATSTestServer.createStream(stream, subjects: ["\(stream).>"])
            _ = try await NATSTestServer.publish((0..<3).map { .init(subject: "\(stream).x", data: Array("m-\($0)".utf8)) }, stream: stream)
        }
        let url = try NATSTestServer.url()
        let follower = try EvmonProcess.start(["tail", doomed, kept, "--from", "earliest", "--count", "7", "--format", "%t %s\\n", "--broker", url])
        // Waits on evmon's own output, never a fixed sleep: the whole suite shares two cores.
        try await onOwnThread { try follower.waitUntil("both streams read", timeout: 60) { output, _ in output.split(separator: "\n").count == 6 } }
        _ = try await NATSTestServer.tool(["delete-stream", doomed])
        // JetStream tells nothing when a stream goes: evmon notices its heartbeats stop (12 s),
        // and recreating the consumer is refused. Only then the kept stream's seventh message.
        try await onOwnThread { try follower.waitUntil("the deletion", timeout: 60) { _, errors in errors.contains("stream not found") } }
        _ = try await NATSTestServer.publish([.init(subject: "\(kept).x", data: Array("m-3".utf8))], stream: kept)
        let outcome = try await onOwnThread { try follower.wait(timeout: 60) }
        #expect(!outcome.timedOut)
        #expect(outcome.lines.sorted() == ["\(doomed) m-0", "\(doomed) m-1", "\(doomed) m-2", "\(kept) m-0", "\(kept) m-1", "\(kept) m-2", "\(kept) m-3"])
        #expect(outcome.standardError.contains("\(doomed)/0: ") && outcome.standardError.contains("stream not found"), "stderr: \(outcome.standardError)")
        #expect(outcome.exitCode == 3)
    }
}
