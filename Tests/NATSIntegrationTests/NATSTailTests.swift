import EvmonTestSupport
import Foundation
import Testing

/// `evmon topics` and `evmon tail` against nats-server, with nats-py writing the data.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS (make test starts nats-server)"), .timeLimit(.minutes(3)))
struct NATSTailTests {
    typealias Message = NATSTestServer.Message

    func tail(_ arguments: [String]) async throws -> [TailedRecord] {
        let outcome = try await NATSTestServer.evmon(["tail"] + arguments + ["--format", "json"])
        #expect(outcome.exitCode == 0, "\(arguments): \(outcome.standardError)")
        return try outcome.lines.map(TailedRecord.init(line:))
    }

    @Test func topicsListEveryStreamWithItsSequencesAndCount() async throws {
        let stream = NATSTestServer.uniqueStream("TOPICS")
        try await NATSTestServer.createStream(stream, subjects: ["\(stream.lowercased()).>"])
        try await NATSTestServer.publish((0..<5).map { Message(subject: "\(stream.lowercased()).a", data: Array("m\($0)".utf8)) }, stream: stream)
        try await NATSTestServer.tool(["delete", stream, "2", "3"])
        let outcome = try await NATSTestServer.evmon(["topics", "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let line = try #require(outcome.lines.first { $0.contains("\"\(stream)\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["partitions"] as? Int == 1)
        // JetStream's own count: the two deletions leave gaps, not messages.
        #expect(object["messages"] as? Int == 3)
    }

    /// Binary, unicode, repeated headers, an empty payload, a 200 kB payload, escape sequences.
    @Test func tailReturnsExactlyWhatNatsPyPublished() async throws {
        let stream = NATSTestServer.uniqueStream("EXACT")
        let subject = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: ["\(subject).>"])
        let binary: [UInt8] = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]
        let messages = [
            Message(subject: "\(subject).binary", data: binary),
            Message(subject: "\(subject).unicode", data: Array("значение ✓ \"quoted\" \\ \n 🚀".utf8), headers: [("Trace-Id", "ключ ✓")]),
            Message(subject: "\(subject).empty", data: nil),
            Message(subject: "\(subject).repeated", data: Array("r".utf8), headers: [("X-Hop", "1"), ("X-Hop", "2"), ("x-hop", "3")]),
            Message(subject: "\(subject).escape", data: Array("\u{1b}[2J\u{1b}]0;pwned\u{07}".utf8)),
            Message(subject: "\(subject).big", data: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        ]
        let sequences = try await NATSTestServer.publish(messages, stream: stream)
        let records = try await tail([stream, "--from", "earliest", "-e"])
        #expect(records.map(\.offset) == sequences)
        for (record, message) in zip(records, messages) {
            #expect(record.topic == stream && record.partition == 0)
            #expect(record.key == Array(message.subject.utf8), "the subject is the key")
            #expect(record.value == (message.data ?? []), "\(record): an empty payload is empty, not null")
            #expect(record.headers == message.headers.map { .init(name: $0.0, value: Array($0.1.utf8)) }, "\(record) headers")
            #expect(abs(record.timestamp - Int64(Date().timeIntervalSince1970 * 1000)) < 120_000, "\(record) timestamp")
        }
        let raw = try await NATSTestServer.evmon(["tail", stream, "--from", "earliest", "-e", "--format", "%s\n"])
        #expect(!raw.standardOutput.contains("\u{1b}"), "escape sequences are never written raw")
    }

    @Test func everyFromFormCountAndExitAtEnd() async throws {
        let stream = NATSTestServer.uniqueStream("FROM")
        let subject = stream.lowercased() + ".x"
        try await NATSTestServer.createStream(stream, subjects: [subject])
        try await NATSTestServer.publish((1...5).map { Message(subject: subject, data: Array("early-\($0)".utf8)) }, stream: stream)
        try await Task.sleep(for: .milliseconds(1100))
        let middle = Int64(Date().timeIntervalSince1970 * 1000)
        try await Task.sleep(for: .milliseconds(100))
        try await NATSTestServer.publish((6...10).map { Message(subject: subject, data: Array("late-\($0)".utf8)) }, stream: stream)
        #expect(try await tail([stream, "--from", "earliest", "-e"]).map(\.offset) == Array(1...10))
        #expect(try await tail([stream, "--from", "latest", "-e"]).isEmpty)
        #expect(try await tail([stream, "--from", "7", "-e"]).map(\.offset) == [7, 8, 9, 10])
        #expect(try await tail([stream, "--from", "-3", "-e"]).map(\.offset) == [8, 9, 10])
        #expect(try await tail([stream, "--from", "-30", "-e"]).map(\.offset) == Array(1...10))
        #expect(try await tail([stream, "--from", "@\(middle)", "-e"]).map(\.offset) == Array(6...10))
        #expect(try await tail([stream, "--from", "99", "-e"]).isEmpty)
        #expect(try await tail([stream, "--from", "earliest", "--count", "4"]).map(\.offset) == [1, 2, 3, 4])
        #expect(try await tail([stream, "--from", "earliest", "--partition", "0", "-e"]).count == 10)
        let wrongPartition = try await NATSTestServer.evmon(["tail", stream, "--partition", "1", "-e"])
        #expect(wrongPartition.exitCode == 2 && wrongPartition.standardError.contains("has no partition 1"), "\(wrongPartition.standardError)")
        let unknown = try await NATSTestServer.evmon(["tail", "NO_SUCH_STREAM", "-e"])
        #expect(unknown.exitCode == 2 && unknown.standardError.contains("unknown topic 'NO_SUCH_STREAM'"), "\(unknown.standardError)")
    }

    @Test func emptyStreamsAndDeletedMessagesEndCleanly() async throws {
        let empty = NATSTestServer.uniqueStream("EMPTY")
        try await NATSTestServer.createStream(empty, subjects: [empty.lowercased()])
        for from in ["earliest", "latest", "-5", "3"] {
            #expect(try await tail([empty, "--from", from, "-e"]).isEmpty, "--from \(from)")
        }
        let gaps = NATSTestServer.uniqueStream("GAPS")
        try await NATSTestServer.createStream(gaps, subjects: [gaps.lowercased()])
        try await NATSTestServer.publish((1...8).map { Message(subject: gaps.lowercased(), data: Array("g\($0)".utf8)) }, stream: gaps)
        try await NATSTestServer.tool(["delete", gaps, "1", "4", "5", "8"])
        #expect(try await tail([gaps, "--from", "earliest", "-e"]).map(\.offset) == [2, 3, 6, 7])
        #expect(try await tail([gaps, "--from", "4", "-e"]).map(\.offset) == [6, 7])
        #expect(try await tail([gaps, "--from", "-4", "-e"]).map(\.offset) == [6, 7], "the last 4 sequences, of which 2 are deleted")
    }

    /// A subject (with or without wildcards) that a stream captures is tailed through that stream
    /// with a filter; records still name the stream.
    @Test func aSubjectTailsItsStreamFiltered() async throws {
        let stream = NATSTestServer.uniqueStream("SUBJ")
        let root = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: ["\(root).>"])
        let subjects = ["\(root).eu.created", "\(root).us.created", "\(root).eu.paid", "\(root).eu.created"]
        try await NATSTestServer.publish(subjects.map { Message(subject: $0, data: Array($0.utf8)) }, stream: stream)
        let exact = try await tail(["\(root).eu.created", "--from", "earliest", "-e"])
        #expect(exact.map(\.offset) == [1, 4])
        #expect(exact.allSatisfy { $0.topic == stream })
        #expect(try await tail(["\(root).eu.*", "--from", "earliest", "-e"]).map(\.offset) == [1, 3, 4])
        #expect(try await tail(["\(root).*.created", "--from", "earliest", "-e"]).map(\.offset) == [1, 2, 4])
        #expect(try await tail(["\(root).eu.created", "--from", "latest", "-e"]).isEmpty)
        let none = try await NATSTestServer.evmon(["tail", "nobody.captures.this", "-e"])
        #expect(none.exitCode == 2 && none.standardError.contains("unknown topic 'nobody.captures.this'"), "\(none.standardError)")
    }

    /// Far more than one flow-control window (about 7,800 such messages): only answering the
    /// server's flow-control requests gets all of them.
    @Test func aStreamLargerThanTheFlowControlWindowIsReadWhole() async throws {
        let stream = NATSTestServer.uniqueStream("BIG")
        try await NATSTestServer.createStream(stream, subjects: [stream.lowercased()])
        try await NATSTestServer.tool(["fill", stream, stream.lowercased(), "20000", "235"])
        let outcome = try await NATSTestServer.evmon(["tail", stream, "--from", "earliest", "-e", "--format", "%o\n"], timeout: 90)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines.map { Int($0) ?? -1 } == Array(1...20000))
        #expect(try await NATSTestServer.consumers(stream).isEmpty, "evmon deleted its consumer when the tail ended")
    }

    /// A follow sees messages published after it started, and only those.
    @Test func aLiveFollowSeesNewMessages() async throws {
        let stream = NATSTestServer.uniqueStream("LIVE")
        let subject = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: [subject])
        try await NATSTestServer.publish([Message(subject: subject, data: Array("old".utf8))], stream: stream)
        async let follower = NATSTestServer.evmon(["tail", stream, "--count", "5", "--format", "%o %s\n"], timeout: 60)
        try await NATSTestServer.waitForEvmonConsumer(on: stream)
        try await NATSTestServer.tool(["trickle", subject, "5", "0.2"])
        let outcome = try await follower
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == (0..<5).map { "\($0 + 2) live-\($0)" })
    }

    /// A consumer deleted from under a follow sends no more heartbeats: evmon notices the silence
    /// and recreates it after the last sequence it printed.
    @Test func aConsumerDeletedUnderAFollowIsRecreatedWithoutGapOrDuplicate() async throws {
        let stream = NATSTestServer.uniqueStream("REAPED")
        let subject = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: [subject])
        try await NATSTestServer.publish((0..<3).map { Message(subject: subject, data: Array("before-\($0)".utf8)) }, stream: stream)
        async let follower = NATSTestServer.evmon(["tail", stream, "--from", "earliest", "--count", "6", "--format", "%o %s\n"], timeout: 60)
        var dropped = 0
        for _ in 0..<50 where dropped == 0 {
            try await Task.sleep(for: .milliseconds(200))
            dropped = Int(String(decoding: try await NATSTestServer.tool(["drop-evmon", stream]), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        #expect(dropped == 1)
        try await NATSTestServer.publish((0..<3).map { Message(subject: subject, data: Array("after-\($0)".utf8)) }, stream: stream)
        let started = Date()
        let outcome = try await follower
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == ["1 before-0", "2 before-1", "3 before-2", "4 after-0", "5 after-1", "6 after-2"])
        #expect(Date().timeIntervalSince(started) < 20, "two missed heartbeats, not a hang")
    }
}
