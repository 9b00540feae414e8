import EvmonTestSupport
import Foundation
import Testing

/// The TUI on Redis, end to end: the real binary in tmux against a server of the test's own,
/// with a stream, a group behind on it and a poison entry, all written by redis-py.
@Suite(.enabled(if: RedisTestBroker.enabled), .timeLimit(.minutes(2))) struct RedisTerminalTests {
    @Test func streamLagAndDeadLetterPanesShowTheServersData() async throws {
        let server = try await RedisOwnServer()
        let stream = "orders"
        let entries: [[(String, [UInt8])]] = (0..<12).map { index in
            [("payload", Array(#"{"event_type":"OrderCreated","n":\#(index)}"#.utf8)), ("trace", Array("t-\(index)".utf8))]
        }
        let ids = try await RedisTestBroker.add(stream, entries, address: server.hostPort)
        try await RedisTestBroker.redis([
            ["XGROUP", "CREATE", "orders", "billing", "0"],
            ["XREADGROUP", "GROUP", "billing", "worker-1", "COUNT", "1", "STREAMS", "orders", ">"],
            ["XREADGROUP", "GROUP", "billing", "worker-1", "COUNT", "1", "STREAMS", "orders", "0"],
            ["XREADGROUP", "GROUP", "billing", "worker-1", "COUNT", "1", "STREAMS", "orders", "0"],
        ], address: server.hostPort)
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", server.url], width: 180, height: 50, environment: ["NO_COLOR": "1", "TZ": "UTC"])
        defer { session.kill() }
        let (stream_, lag, dlq, status) = try await onOwnThread { () throws -> (String, String, String, Int32?) in
            try session.waitFor(text: "● connected", timeout: 20)
            try session.sendText(":topic \(stream)")
            try session.sendKeys("Enter")
            let streamScreen = try session.waitFor(text: ids[11], timeout: 20)
            try session.sendKeys("4")
            let lag = try session.waitFor(text: "billing", timeout: 20)
            // The DLQ pane, zoomed so the reason fits.
            try session.sendKeys("5", "z")
            let dlq = try session.waitFor(text: "never acknowledged", timeout: 20)
            try session.sendKeys("q")
            return (streamScreen, lag, dlq, session.waitForExit(timeout: 10))
        }
        #expect(stream_.contains("Stream · \(stream)"))
        #expect(stream_.contains(#""n":11"#) || stream_.contains("OrderCreated"), "\(stream_)")
        #expect(lag.contains("\(stream)/0") && lag.contains(ids[0]), "\(lag)")
        // Reasons are grouped with their numbers as `#`; the entry under it is the poison one.
        #expect(dlq.contains("delivered # times to group billing (consumer worker-#), never acknowledged"), "\(dlq)")
        #expect(dlq.contains("\(stream)/0"), "\(dlq)")
        #expect(status == 0)
        try await server.stop()
    }
}
