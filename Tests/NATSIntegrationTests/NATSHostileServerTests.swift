import EvmonTestSupport
import Foundation
import Testing

/// A scripted hostile NATS server (`scripts/hostile_nats.py`): stream and consumer figures at
/// 2⁶⁴ − 1, a `max_payload` of 2⁶² and a delivery that claims 200 MB, a paged listing whose
/// `total` lies, a consumer that only ever gets a 409 status. Whatever the server says, evmon
/// ends on its own, with exit 0 or a one-line exit 3, never a trap, a hang or a runaway memory.
/// Needs only python3 (and GNU time for the memory bound), no nats-server.
@Suite(.timeLimit(.minutes(3)))
struct NATSHostileServerTests {
    static let script = NATSTestServer.scripts.folder.appendingPathComponent("hostile_nats.py").path

    /// `hostile_nats.py SCENARIO 0`, listening; kill the process when done.
    static func start(_ scenario: String) async throws -> (Process, String) {
        try await startHostileServer(script, scheme: "nats", scenario: scenario)
    }

    /// The fake itself is sound: evmon lists its stream and tails its five messages in order,
    /// so a failure in the hostile tests is evmon's, not the fake's.
    @Test func thePlainFakeServesAnOrdinaryStream() async throws {
        let (server, url) = try await Self.start("plain")
        defer { server.killIfRunning() }
        let tail = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0]) else { return }
        #expect(try tail.lines.map { try TailedRecord(line: $0).offset } == [1, 2, 3, 4, 5], "\(tail.standardOutput)")
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        guard expectCleanEnd(topics, exitCodes: [0]) else { return }
        #expect(topics.standardOutput.contains("ORDERS"))
    }

    /// ORDERS' last_seq, messages and bytes are 2⁶⁴ − 1 and a durable's num_pending too (beyond
    /// Int64): `topics` and `lag` end with 0 or 3, never a trap, and a lag is never negative.
    @Test(arguments: [["topics"], ["topics", "--format", "json"], ["lag"], ["lag", "--format", "json"]])
    func sequencesAtUInt64MaxEndCleanly(command: [String]) async throws {
        try await Self.expectExtremeFiguresEndCleanly("last-seq-max", command)
    }

    /// The same extremes within the signed range: messages 2⁶³ − 1 and last_seq 2⁶⁴ − 1 (the
    /// stream's next sequence does not fit an Int64), num_pending and num_ack_pending 2⁶³ − 1
    /// each (their sum, the lag, does not either): 0 or 3, never an arithmetic-overflow trap.
    @Test(arguments: [["topics"], ["topics", "--format", "json"], ["lag"], ["lag", "--format", "json"]])
    func figuresWhoseSumsOverflowInt64EndCleanly(command: [String]) async throws {
        try await Self.expectExtremeFiguresEndCleanly("lag-overflow", command)
    }

    static func expectExtremeFiguresEndCleanly(_ scenario: String, _ command: [String]) async throws {
        let (server, url) = try await Self.start(scenario)
        defer { server.killIfRunning() }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 30)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        guard outcome.exitCode == 0 else { return }
        #expect(!outcome.standardOutput.contains("-9223372036854775808"), "\(outcome.standardOutput)")
        if command.first == "lag", command.contains("json") {
            for line in outcome.lines {
                let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
                if let lag = row["lag"], !(lag is NSNull) {
                    let number = lag as? NSNumber
                    #expect((number?.int64Value ?? -1) >= 0, "null, or a number never negative: \(line)")
                }
            }
        }
    }

    /// INFO advertises max_payload 2⁶² and the consumer's first delivery claims 200 MB, its bytes
    /// streamed as fast as the socket takes them: evmon refuses the size against a ceiling of
    /// its own and exits 3 without holding the message.
    @Test func aDeliveryClaiming200MBUnderAHugeMaxPayloadExits3WithinItsMemoryBound() async throws {
        let (server, url) = try await Self.start("payload-bomb")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--broker", url], timeout: 35, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        expectPeak(outcome, belowMiB: 400)
        #expect(outcome.standardError.contains("200000000"), "names the size claimed over the ceiling: \(outcome.standardError)")
    }

    /// STREAM.LIST and STREAM.NAMES answer total 1,000,000, limit 1 and always the same stream:
    /// paging stops (0 with ORDERS listed once is best; 3 is acceptable).
    @Test(arguments: [["topics"], ["lag"]])
    func aListingWhoseTotalLiesEndsPromptly(command: [String]) async throws {
        let (server, url) = try await Self.start("lying-total")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 25)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        if outcome.exitCode == 0, command == ["topics"] {
            #expect(outcome.lines.filter { $0.contains("ORDERS") }.count == 1, "ORDERS once: \(outcome.standardOutput.prefix(2000))")
        }
    }

    /// Every consumer evmon creates only ever gets `NATS/1.0 409 Consumer Deleted`: evmon stops
    /// recreating it and exits 3 naming the stream, rather than recreating for ever.
    @Test func aConsumerThatIsAlwaysDeletedExits3NamingTheStream() async throws {
        let (server, url) = try await Self.start("status-loop")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--broker", url], timeout: 45)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        #expect(outcome.standardError.contains("ORDERS"), "\(outcome.standardError)")
    }
}
