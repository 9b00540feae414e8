import Foundation
import Testing
import EvmonNATS

/// `evmon lag` on durable pull consumers that nats-py created and used; evmon only reads them.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS"), .timeLimit(.minutes(2)))
struct NATSLagTests {
    typealias Message = NATSTestServer.Message

    @Test func lagIsPendingPlusAckPendingAndEvmonNeverTouchesDurables() async throws {
        let stream = NATSTestServer.uniqueStream("LAG")
        let subject = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: [subject])
        try await NATSTestServer.publish((0..<10).map { Message(subject: subject, data: Array("m\($0)".utf8)) }, stream: stream)
        // "acked": 4 fetched, all acked → 6 pending, 0 awaiting ack. "half": 6 fetched, 2 acked → 4 pending, 4 awaiting ack.
        try await NATSTestServer.tool(["durable", stream, "acked", "4", "4"])
        try await NATSTestServer.tool(["durable", stream, "half", "6", "2"])
        try await NATSTestServer.tool(["durable", stream, "idle", "0", "0"])
        let before = try await NATSTestServer.consumers(stream)

        let outcome = try await NATSTestServer.evmon(["lag", "--format", "json"])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let rows = try outcome.lines.compactMap { line -> [String: Any]? in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["topic"] as? String == stream ? object : nil
        }
        func row(_ group: String) throws -> [String: Any] { try #require(rows.first { $0["group"] as? String == group }, "\(group) in \(rows)") }
        #expect(rows.count == 3, "one row per durable; evmon's own consumers are not listed: \(rows)")
        #expect(try row("acked")["committed"] as? Int == 4)
        #expect(try row("acked")["lag"] as? Int == 6)
        #expect(try row("acked")["end"] as? Int == 10)
        #expect(try row("half")["committed"] as? Int == 2)
        #expect(try row("half")["lag"] as? Int == 8)
        #expect(try row("idle")["committed"] as? Int == 0)
        #expect(try row("idle")["lag"] as? Int == 10)

        // Reading the stream does not create, move or delete a durable either.
        _ = try await NATSTestServer.evmon(["tail", stream, "--from", "earliest", "-e"])
        let broker = try NATSBroker(host: .init(host: "127.0.0.1", port: try #require(Int(try NATSTestServer.server().split(separator: ":").last!))))
        let groups = try await broker.listConsumerGroups().filter { $0.partitions.first?.topicPartition.topic == stream }
        await broker.shutdown()
        #expect(groups.first { $0.group == "half" }?.state == "durable pull · 4 ack pending · 0 redelivered · 0 waiting")
        let after = try await NATSTestServer.consumers(stream)
        #expect(NSArray(array: after).isEqual(to: before), "before: \(before)\nafter: \(after)")
    }
}
