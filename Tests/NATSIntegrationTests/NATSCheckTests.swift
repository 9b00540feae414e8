import Foundation
import Testing

/// `evmon check` on JetStream: nats-py writes order events with planted violations, keyed by
/// subject; evmon judges them headless.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS"), .timeLimit(.minutes(2)))
struct NATSCheckTests {
    typealias Message = NATSTestServer.Message

    func event(_ id: String?, _ type: String, order: String, sequence: Int, subject: String) -> Message {
        let idField = id.map { #""event_id":"\#($0)","# } ?? ""
        return Message(subject: subject, data: Array(#"{\#(idField)"event_type":"\#(type)","payload":{"order_id":"\#(order)","sequence":\#(sequence)}}"#.utf8))
    }

    @Test func violationsWrittenByNatsPyFailTheirWatches() async throws {
        let stream = NATSTestServer.uniqueStream("CHECK")
        let root = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: ["\(root).>"])
        let sequences = try await NATSTestServer.publish([
            event("e-1", "OrderCreated", order: "ord-1", sequence: 1, subject: "\(root).ord-1"),
            event("e-2", "OrderCreated", order: "ord-2", sequence: 1, subject: "\(root).ord-2"),
            event("e-2", "OrderCreated", order: "ord-2", sequence: 1, subject: "\(root).ord-2"),
            event(nil, "OrderCreated", order: "ord-3", sequence: 1, subject: "\(root).ord-3"),
            event("e-5", "OrderCancelled", order: "ord-1", sequence: 3, subject: "\(root).ord-1"),
            event("e-6", "OrderPaid", order: "ord-1", sequence: 2, subject: "\(root).ord-1"),
        ], stream: stream)
        let watches = FileManager.default.temporaryDirectory.appendingPathComponent("nats-watches-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: watches) }
        try """
            watches:
              - name: required fields
                topic: \(stream)
                require: [event_id, event_type, payload.order_id]
              - name: no duplicate events
                topic: \(stream)
                unique: { key: .event_id, within: 10m }
              - name: per-order sequence
                topic: \(stream)
                ordered: { by: .payload.sequence, per: key }
            """.write(toFile: watches, atomically: true, encoding: .utf8)
        let outcome = try await NATSTestServer.evmon(["check", "--watches", watches, "--from", "earliest", "--idle", "3s", "--format", "json"])
        #expect(outcome.exitCode == 1, "stderr: \(outcome.standardError)")
        let verdicts = try outcome.lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let byName = Dictionary(uniqueKeysWithValues: verdicts.map { ($0["name"] as! String, $0) })
        #expect(byName.values.allSatisfy { $0["status"] as? String == "fail" }, "\(byName)")
        let duplicate = try #require(byName["no duplicate events"]?["firstFailure"] as? [String: Any])
        #expect((duplicate["offset"] as? NSNumber)?.int64Value == sequences[2])
        #expect(duplicate["topic"] as? String == stream)
        let missing = try #require(byName["required fields"]?["firstFailure"] as? [String: Any])
        #expect((missing["offset"] as? NSNumber)?.int64Value == sequences[3])
        let unordered = try #require(byName["per-order sequence"]?["firstFailure"] as? [String: Any])
        // The repeated e-2 is also ord-2's sequence 1 again: the first break of order, per subject.
        #expect(unordered["key"] as? String == "\(root).ord-2", "the subject is the key order is kept per")
        #expect((unordered["offset"] as? NSNumber)?.int64Value == sequences[2])
    }
}
