import EvmonTestSupport
import Foundation
import Testing

/// A topic deleted while evmon reads it: its partitions end with that reason, the other topic
/// keeps streaming (`tail -f` and the TUI alike). Tansu answers a deleted topic's fetches with
/// nothing rather than an error, so only evmon's periodic metadata check can tell.
@Suite(.enabled(if: KafkaTestBroker.enabled), .timeLimit(.minutes(2))) struct KafkaDeletedTopicTests {
    static func write(_ count: Int, to topic: String, from start: Int = 0, create: Bool, bootstrap: String? = nil) async throws {
        let messages = (start..<start + count).map { KafkaTestBroker.Message(partition: 0, key: nil, value: Array("m-\($0)".utf8)) }
        _ = try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: create ? 1 : nil, bootstrap: bootstrap)
    }

    /// A Tansu of the test's own (a deletion must not touch the other tests' broker, and both
    /// topics then fit the topics pane) holding `doomed` and `kept`, `count` messages each.
    static func brokerWithTwoTopics(_ count: Int) async throws -> (ProxiedTansu, doomed: String, kept: String) {
        let broker = try await ProxiedTansu()
        for topic in ["doomed", "kept"] { try await write(count, to: topic, create: true, bootstrap: broker.bootstrap) }
        return (broker, "doomed", "kept")
    }

    @Test func tailFollowsTheOtherTopicAndSaysWhichWasDeleted() async throws {
        let (broker, doomed, kept) = try await Self.brokerWithTwoTopics(3)
        defer { broker.stop() }
        let url = "kafka://\(broker.bootstrap)"
        let follower = try EvmonProcess.start(["tail", doomed, kept, "--from", "earliest", "--count", "7", "--format", "%t %s\\n", "--broker", url])
        // Waits on evmon's own output, never a fixed sleep: the whole suite shares two cores.
        try await onOwnThread { try follower.waitUntil("both topics read", timeout: 60) { output, _ in output.split(separator: "\n").count == 6 } }
        try await KafkaTestBroker.python("delete_topic.py", [broker.bootstrap, doomed])
        // The metadata check (every 5 s) names the deleted topic; then the kept one gets its seventh.
        try await onOwnThread { try follower.waitUntil("the deletion", timeout: 60) { _, errors in errors.contains("no longer exists") } }
        try await Self.write(1, to: kept, from: 3, create: false, bootstrap: broker.bootstrap)
        let outcome = try await onOwnThread { try follower.wait(timeout: 60) }
        #expect(!outcome.timedOut)
        #expect(outcome.lines.sorted() == ["\(doomed) m-0", "\(doomed) m-1", "\(doomed) m-2", "\(kept) m-0", "\(kept) m-1", "\(kept) m-2", "\(kept) m-3"])
        #expect(outcome.standardError.contains("\(doomed)/0: the topic no longer exists"), "stderr: \(outcome.standardError)")
        #expect(outcome.exitCode == 3, "a partition that could not be read to the end is exit 3")
    }

    @Test func theTUIMarksTheDeletedTopicAndKeepsStreamingTheOther() async throws {
        let (broker, doomed, kept) = try await Self.brokerWithTwoTopics(2)
        defer { broker.stop() }
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "kafka://\(broker.bootstrap)"], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC"])
        defer { session.kill() }
        try await onOwnThread {
            try session.waitFor(text: "● connected", timeout: 20)
            try session.waitFor(text: kept, timeout: 20)
            try session.sendText(":topic \(doomed) \(kept)")
            try session.sendKeys("Enter")
            try session.waitFor(text: "m-1", timeout: 20)
        }
        try await KafkaTestBroker.python("delete_topic.py", [broker.bootstrap, doomed])
        let marked = try await onOwnThread { try session.waitFor(text: "✗ \(doomed)", timeout: 30) }
        #expect(marked.contains("the topic no longer exists"), "the notice says why")
        try await Self.write(1, to: kept, from: 7, create: false, bootstrap: broker.bootstrap)
        let after = try await onOwnThread { () throws -> String in
            let screen = try session.waitFor(text: "m-7", timeout: 30)
            try session.sendKeys("q")
            _ = session.waitForExit(timeout: 10)
            return screen
        }
        #expect(after.contains("✗ \(doomed)"))
    }
}
