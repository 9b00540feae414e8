import EvmonTestSupport
import Foundation
import Testing

/// `evmon produce` on nats-server, read back with nats-py: the key is the subject.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS (make test starts nats-server)"))
struct NATSProduceCommandTests {
    @Test func theKeyIsTheSubjectAndBytesAndHeadersArriveAsWritten() async throws {
        let stream = NATSTestServer.uniqueStream("PRODUCE")
        let prefix = stream.lowercased()
        try await NATSTestServer.createStream(stream, subjects: ["\(prefix).>"])
        let lines = [
            #"{"key":"\#(prefix).created","headers":[["event-type","OrderCreated"]],"value":{"order_id":"ord-1"}}"#,
            #"{"key":"\#(prefix).binary","headers":[],"value":{"base64":"AP+A"}}"#,
            #"{"key":"\#(prefix).empty","headers":[["x-empty",null]],"value":null}"#,
        ]
        let produced = try await NATSTestServer.evmon(["produce", stream, "--format", "json"], standardInput: lines.joined(separator: "\n"))
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        #expect(try produced.lines.map { try TailJSON.integer(TailJSON.object($0)["offset"]) } == [1, 2, 3])
        let read = try await NATSTestServer.read(stream)
        #expect(read.map { $0["subject"] as? String } == ["\(prefix).created", "\(prefix).binary", "\(prefix).empty"])
        #expect(read.map { $0["data"] as? String } == [Data(#"{"order_id":"ord-1"}"#.utf8).base64EncodedString(), "AP+A", ""])
        let headers = read.map { ($0["headers"] as? [String: String]) ?? [:] }
        #expect(headers[0]["event-type"] == "OrderCreated")
        #expect(headers[2]["x-empty"] == "")
        // evmon's own control headers: a fresh id for JetStream's dedupe, and the stream it must land in.
        #expect(headers.allSatisfy { $0["Nats-Expected-Stream"] == stream && $0["Nats-Msg-Id"] != nil })
    }

    /// Subjects belong to one stream each, so a capture goes back where it came from: the
    /// stream is deleted, created again, and filled from what tail printed.
    @Test func aCaptureProducedIntoARecreatedStreamRestoresSubjectsPayloadsAndHeaders() async throws {
        let stream = NATSTestServer.uniqueStream("RESTORE")
        let subjects = ["\(stream.lowercased()).>"]
        try await NATSTestServer.createStream(stream, subjects: subjects)
        try await NATSTestServer.publish(
            (0..<5).map { NATSTestServer.Message(subject: "\(stream.lowercased()).e\($0)", data: $0 == 2 ? [0xFF, 0xFE] : Array("m\($0)".utf8), headers: [("h", "\($0)")]) },
            stream: stream)
        let original = try await NATSTestServer.read(stream)
        let tailed = try await NATSTestServer.evmon(["tail", stream, "--from", "earliest", "-e", "--format", "json"])
        #expect(tailed.exitCode == 0, "stderr: \(tailed.standardError)")
        try await NATSTestServer.tool(["delete-stream", stream])
        try await NATSTestServer.createStream(stream, subjects: subjects)
        let produced = try await NATSTestServer.evmon(["produce", stream], standardInput: tailed.standardOutput)
        #expect(produced.exitCode == 0, "stderr: \(produced.standardError)")
        let restored = try await NATSTestServer.read(stream)
        #expect(restored.map { $0["subject"] as? String } == original.map { $0["subject"] as? String })
        #expect(restored.map { $0["data"] as? String } == original.map { $0["data"] as? String })
        #expect(restored.map { ($0["headers"] as? [String: String])?["h"] } == original.map { ($0["headers"] as? [String: String])?["h"] })
    }
}
