import EvmonTestSupport
import Foundation
import Testing

/// A scripted hostile Redis (`scripts/hostile_redis.py`): a SCAN cursor that never returns to 0,
/// extreme numbers in XINFO, an aggregate that claims 2³¹ − 1 elements and never ends, an
/// XPENDING that repeats its page whatever start id is asked. Whatever the server says, evmon
/// ends on its own, with exit 0 or a one-line exit 3, never a trap, a hang or a runaway memory.
/// Needs only python3 (and GNU time for the memory bounds), no Redis.
@Suite(.timeLimit(.minutes(3)))
struct RedisHostileServerTests {
    static let script = RedisTestBroker.scripts.folder.appendingPathComponent("hostile_redis.py").path

    /// `hostile_redis.py SCENARIO 0 [extra…]`, listening; kill the process when done.
    static func start(_ scenario: String, _ extra: [String] = []) async throws -> (Process, String) {
        try await startHostileServer(script, scheme: "redis", scenario: scenario, extra: extra)
    }

    /// The fake itself is sound: against its plain stream evmon lists, tails and ends normally,
    /// so a failure in the hostile tests is evmon's, not the fake's.
    @Test func thePlainFakeServesAnOrdinaryStream() async throws {
        let (server, url) = try await Self.start("plain")
        defer { server.killIfRunning() }
        let tail = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0]) else { return }
        #expect(try tail.lines.map { try TailedEntry(line: $0).id } == ["1-0", "2-0", "3-0", "4-0", "5-0"], "\(tail.standardOutput)")
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        guard expectCleanEnd(topics, exitCodes: [0]) else { return }
        #expect(topics.lines.contains { $0.hasPrefix("s ") }, "\(topics.standardOutput)")
    }

    /// SCAN answers cursor "7" for ever: evmon stops paging and exits 3 with one line naming SCAN.
    @Test func aScanCursorThatNeverReturnsToZeroExits3() async throws {
        let (server, url) = try await Self.start("scan-cycle")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["topics", "--broker", url], timeout: 25)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("evmon: ") == true, "one line: \(outcome.standardError)")
        #expect(outcome.standardError.contains("SCAN"), "\(outcome.standardError)")
    }

    /// XINFO GROUPS says lag −2⁶³ and entries-read 2⁶³ − 1: `lag` shows the lag as unknown or
    /// clamped (never negative), in the table and in JSON, and `topics` is unaffected.
    @Test func aGroupLagOfInt64MinIsShownAsUnknownOrClamped() async throws {
        let (server, url) = try await Self.start("lag-min")
        defer { server.killIfRunning() }
        let table = try await runHostile(["lag", "--broker", url], timeout: 30)
        guard expectCleanEnd(table, exitCodes: [0]) else { return }
        #expect(table.lines.contains { $0.hasPrefix("g ") }, "a row for group g: \(table.standardOutput)")
        #expect(!table.standardOutput.contains("-9223372036854775808"), "\(table.standardOutput)")
        let json = try await runHostile(["lag", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(json, exitCodes: [0]) else { return }
        let line = try #require(json.lines.first, "no row: \(json.standardError)")
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(row["group"] as? String == "g" && row["topic"] as? String == "s", "\(line)")
        if let lag = row["lag"], !(lag is NSNull) {
            let number = lag as? NSNumber
            #expect((number?.int64Value ?? -1) >= 0, "null, or a number never negative: \(line)")
        }
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        expectCleanEnd(topics, exitCodes: [0])
    }

    /// XRANGE answers `*2147483647` and then entries as fast as the socket takes them: evmon
    /// refuses the figure (or its cap) and exits 3 without buffering the endless reply.
    @Test func anAggregateClaiming2To31ElementsExits3WithinItsMemoryBound() async throws {
        let (server, url) = try await Self.start("huge-aggregate")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--broker", url], timeout: 45, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        expectPeak(outcome, belowMiB: 600)
        #expect(outcome.standardError.contains("2147483647") || outcome.standardError.contains("16777216"), "names the figure or the cap: \(outcome.standardError)")
    }

    /// The same endless reply, but claiming exactly the aggregate cap (16,777,216 elements), so
    /// the header passes: the entries never finish, and evmon must still give up with exit 3
    /// rather than time out, reconnect and be fed the same endless reply for ever.
    @Test func anEndlessAggregateAtTheCapExits3WithinItsMemoryBound() async throws {
        let (server, url) = try await Self.start("huge-aggregate", ["16777216"])
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--broker", url], timeout: 45, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        expectPeak(outcome, belowMiB: 600)
        #expect(outcome.standardError.split(separator: "\n").last?.hasPrefix("evmon: ") == true, "\(outcome.standardError)")
    }

    /// XPENDING answers a full page of the same ids (1-0 …) whatever start id evmon pages from:
    /// `dlq list` ends (0 or 3) and lists no entry twice.
    @Test func anXPendingThatRepeatsItsPageListsNoEntryTwice() async throws {
        let (server, url) = try await Self.start("xpending-repeat")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["dlq", "list", "--format", "json", "--broker", url], timeout: 35)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        var seen = Set<String>()
        var repeated: [String] = []
        for line in outcome.lines {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let key = "\(row["dlqTopic"] as? String ?? "?")/\(row["offset"] as? String ?? "?")"
            if !seen.insert(key).inserted { repeated.append(key) }
        }
        #expect(repeated.isEmpty, "listed more than once: \(repeated.prefix(10)) (\(outcome.lines.count) rows)")
    }

    /// XINFO STREAM with length 2⁶³ − 1, a first entry of u64::MAX-u64::MAX and a last entry of
    /// 0-0, and no entries at all: `topics` and `tail --from -5 -e` end with 0 or 3, no trap.
    @Test(arguments: [["topics"], ["topics", "--format", "json"], ["tail", "s", "--from", "-5", "-e"], ["tail", "s", "--from", "earliest", "-e"]])
    func extremeStreamFiguresEndCleanly(command: [String]) async throws {
        let (server, url) = try await Self.start("xinfo-extreme")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 30)
        expectCleanEnd(outcome, exitCodes: [0, 3])
    }
}
