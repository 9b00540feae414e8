import EvmonTestSupport
import Foundation
import Testing
import EvmonModel
import EvmonNATS

/// Poison messages JetStream itself reports (max-deliveries and terminated advisories captured by
/// a stream), found through the adapter, and replayed to their stream with dedupe.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS"), .timeLimit(.minutes(3)), .serialized)
struct NATSDeadLetterTests {
    typealias Message = NATSTestServer.Message

    /// A stream with a poison message (3 deliveries, never acked) and a terminated one, and an
    /// advisory stream capturing both advisories; returns (stream, subject, poison seq, terminated seq).
    static func poisoned() async throws -> (String, String, Int64, Int64) {
        let stream = NATSTestServer.uniqueStream("WORK")
        let subject = stream.lowercased() + ".job"
        try await NATSTestServer.createStream(stream, subjects: [stream.lowercased() + ".>"], duplicateWindowSeconds: 120)
        let output = try await NATSTestServer.tool(["poison", stream, subject, "EVMON_TEST_ADVISORIES"])
        let sequences = try #require(try JSONSerialization.jsonObject(with: output) as? [NSNumber]).map(\.int64Value)
        return (stream, subject, sequences[0], sequences[1])
    }

    @Test func maxDeliveriesAndTerminatedAdvisoriesBecomeDeadLetters() async throws {
        let (stream, subject, poison, terminated) = try await Self.poisoned()
        let broker = try NATSBroker(host: .init(host: "127.0.0.1", port: try #require(Int(try NATSTestServer.server().split(separator: ":").last!))))
        let letters = try await broker.brokerDeadLetters(minimumDeliveries: 3).filter { $0.record.topic == stream }
        await broker.shutdown()
        #expect(letters.count == 2, "\(letters)")
        let maxed = try #require(letters.first { $0.convention == "nats-max-deliveries" })
        #expect(maxed.record.offset == .sequence(poison))
        #expect(maxed.record.key == Array(subject.utf8))
        #expect(maxed.record.value == Array(#"{"poison":true}"#.utf8))
        #expect(maxed.record.headers.contains(Header("X-Case", "max-deliveries")))
        #expect(maxed.reason == "reached 3 deliveries on consumer worker, never acknowledged")
        #expect(maxed.consumer == "worker")
        let term = try #require(letters.first { $0.convention == "nats-terminated" })
        #expect(term.record.offset == .sequence(terminated))
        #expect(term.reason == "terminated by consumer worker")
    }

    @Test func aMessageTheStreamNoLongerHoldsIsSkipped() async throws {
        let (stream, _, poison, terminated) = try await Self.poisoned()
        try await NATSTestServer.tool(["delete", stream, String(poison)])
        let broker = try NATSBroker(host: .init(host: "127.0.0.1", port: try #require(Int(try NATSTestServer.server().split(separator: ":").last!))))
        let letters = try await broker.brokerDeadLetters(minimumDeliveries: 1).filter { $0.record.topic == stream }
        await broker.shutdown()
        #expect(letters.map(\.record.offset) == [.sequence(terminated)])
    }

    /// Without a stream storing advisories, those heard while evmon is connected still count.
    @Test func advisoriesHeardLiveCountWithoutACapturingStream() async throws {
        let server = try await NATSServerProcess.start(jetStream: true)
        defer { server.stop() }
        try await NATSTestServer.createStream("JOBS", subjects: ["jobs.>"], server: server.address)
        let broker = try NATSBroker(host: .init(host: "127.0.0.1", port: server.port))
        #expect(try await broker.brokerDeadLetters(minimumDeliveries: 3).isEmpty)
        let output = try await NATSTestServer.tool(["poison", "JOBS", "jobs.run", "-"], server: server.address)
        let sequences = try #require(try JSONSerialization.jsonObject(with: output) as? [NSNumber]).map(\.int64Value)
        var letters: [BrokerDeadLetter] = []
        for _ in 0..<20 where letters.count < 2 {
            letters = try await broker.brokerDeadLetters(minimumDeliveries: 3)
            try await Task.sleep(for: .milliseconds(100))
        }
        await broker.shutdown()
        #expect(letters.map(\.record.offset) == sequences.map(Offset.sequence))
        #expect(Set(letters.map(\.convention)) == ["nats-max-deliveries", "nats-terminated"])
    }

    /// `evmon dlq list` shows both beside the DLQ streams' messages.
    @Test func dlqListShowsThePoisonMessages() async throws {
        let (stream, subject, poison, terminated) = try await Self.poisoned()
        let outcome = try await NATSTestServer.evmon(["dlq", "list", stream, "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let rows = try outcome.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(rows.map { ($0["offset"] as? NSNumber)?.int64Value } == [poison, terminated])
        #expect(rows.map { $0["convention"] as? String } == ["nats-max-deliveries", "nats-terminated"])
        #expect(rows.allSatisfy { $0["dlqTopic"] as? String == stream && $0["originalTopic"] as? String == stream && $0["key"] as? String == subject })
        #expect(rows.first?["reason"] as? String == "reached 3 deliveries on consumer worker, never acknowledged")
    }

    /// On a server where no stream keeps the advisories, `dlq list` says what it cannot see.
    @Test func dlqListSaysWhenNoStreamKeepsTheAdvisories() async throws {
        let server = try await NATSServerProcess.start(jetStream: true)
        defer { server.stop() }
        try await NATSTestServer.createStream("ORDERS", subjects: ["orders.>"], server: server.address)
        let bare = try await runEvmon(["dlq", "list", "--broker", server.url])
        #expect(bare.exitCode == 0, "\(bare.standardError)")
        #expect(bare.standardError.contains("evmon: note: no stream captures JetStream's consumer advisories"), "\(bare.standardError)")
        try await NATSTestServer.createStream("ADV", subjects: ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"], server: server.address)
        let kept = try await runEvmon(["dlq", "list", "--broker", server.url])
        #expect(kept.exitCode == 0, "\(kept.standardError)")
        #expect(!kept.standardError.contains("note:"), "a stream keeps them now: \(kept.standardError)")
    }

    /// `evmon dlq replay` writes the message to its stream again on its own subject; nats-py reads
    /// back the headers and the Nats-Msg-Id; a second replay within the window is refused.
    @Test func replayRepublishesOnTheSubjectAndIsDeduplicated() async throws {
        let (stream, subject, poison, _) = try await Self.poisoned()
        let replay = ["dlq", "replay", stream, "--partition", "0", "--offset", String(poison), "--yes"]
        let first = try await NATSTestServer.evmon(replay)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let messages = try await NATSTestServer.read(stream)
        let copy = try #require(messages.last)
        #expect((copy["seq"] as? Int).map(Int64.init) ?? 0 > poison)
        #expect(copy["subject"] as? String == subject)
        #expect(copy["data"] as? String == Data(#"{"poison":true}"#.utf8).base64EncodedString())
        let headers = try #require(copy["headers"] as? [String: String])
        #expect(headers["X-Case"] == "max-deliveries")
        #expect(headers["Nats-Msg-Id"] == "evmon-replay-of:\(stream)/0/\(poison)")
        #expect(headers["Nats-Expected-Stream"] == stream)
        #expect(headers["evmon-replay-of"] == "\(stream)/0/\(poison)")

        let second = try await NATSTestServer.evmon(replay)
        #expect(second.exitCode != 0)
        #expect(second.standardError.contains("duplicate"), "\(second.standardError)")
        #expect(try await NATSTestServer.read(stream).count == messages.count, "the second replay stored nothing")
    }

    @Test func produceRefusesWhatCannotBeWrittenBeforeSending() async throws {
        let stream = NATSTestServer.uniqueStream("MULTI")
        try await NATSTestServer.createStream(stream, subjects: ["\(stream.lowercased()).a", "\(stream.lowercased()).b"])
        let broker = try NATSBroker(host: .init(host: "127.0.0.1", port: try #require(Int(try NATSTestServer.server().split(separator: ":").last!))))
        defer { Task { await broker.shutdown() } }
        await #expect {
            _ = try await broker.produce(OutgoingMessage(topic: stream, key: Array("elsewhere".utf8), value: []))
        } throws: { error in
            guard case .usage(let text) = error as? EvmonError else { return false }
            return text.contains("give the message a key naming the subject")
        }
        await #expect {
            _ = try await broker.produce(OutgoingMessage(topic: stream, key: Array("\(stream.lowercased()).a".utf8), value: Array(repeating: 0x61, count: 2_000_000)))
        } throws: { error in
            guard case .usage(let text) = error as? EvmonError else { return false }
            return text.contains("max_payload")
        }
        await #expect(throws: EvmonError.unknownPartition(topic: stream, partition: 2, count: 1)) {
            _ = try await broker.produce(OutgoingMessage(topic: stream, partition: 2, key: nil, value: []))
        }
        let written = try await broker.produce(OutgoingMessage(
            topic: stream, key: Array("\(stream.lowercased()).b".utf8), headers: [Header("a", "1"), Header("a", "2")], value: Array("v".utf8)))
        #expect(written == ProducedPosition(topicPartition: TopicPartition(topic: stream, partition: 0), offset: .sequence(1)))
    }
}
