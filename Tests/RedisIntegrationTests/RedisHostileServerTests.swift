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
        let (process, port) = try await startListener([script, scenario, "0"] + extra)
        return (process, "redis://127.0.0.1:\(port)")
    }

    /// The fake itself is sound: against its plain stream evmon lists, tails and ends normally,
    /// so a failure in the hostile tests is evmon's, not the fake's.
    @Test func thePlainFakeServesAnOrdinaryStream() async throws {
        let (server, url) = try await Self.start("plain")
        defer { kill(server.processIdentifier, SIGKILL) }
        let tail = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0], within: 20) else { return }
        #expect(try tail.lines.map { try TailedEntry(line: $0).id } == ["1-0", "2-0", "3-0", "4-0", "5-0"], "\(tail.standardOutput)")
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        guard expectCleanEnd(topics, exitCodes: [0], within: 20) else { return }
        #expect(topics.lines.contains { $0.hasPrefix("s ") }, "\(topics.standardOutput)")
    }

    /// SCAN answers cursor "7" for ever: evmon stops paging and exits 3 with one line naming SCAN.
    @Test func aScanCursorThatNeverReturnsToZeroExits3() async throws {
        let (server, url) = try await Self.start("scan-cycle")
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["topics", "--broker", url], timeout: 25)
        guard expectCleanEnd(outcome, exitCodes: [3], within: 20) else { return }
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("evmon: ") == true, "one line: \(outcome.standardError)")
        #expect(outcome.standardError.contains("SCAN"), "\(outcome.standardError)")
    }

    /// XINFO GROUPS says lag −2⁶³ and entries-read 2⁶³ − 1: `lag` shows the lag as unknown or
    /// clamped (never negative), in the table and in JSON, and `topics` is unaffected.
    @Test func aGroupLagOfInt64MinIsShownAsUnknownOrClamped() async throws {
        let (server, url) = try await Self.start("lag-min")
        defer { kill(server.processIdentifier, SIGKILL) }
        let table = try await runHostile(["lag", "--broker", url], timeout: 30)
        guard expectCleanEnd(table, exitCodes: [0], within: 20) else { return }
        #expect(table.lines.contains { $0.hasPrefix("g ") }, "a row for group g: \(table.standardOutput)")
        #expect(!table.standardOutput.contains("-9223372036854775808"), "\(table.standardOutput)")
        let json = try await runHostile(["lag", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(json, exitCodes: [0], within: 20) else { return }
        let line = try #require(json.lines.first, "no row: \(json.standardError)")
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(row["group"] as? String == "g" && row["topic"] as? String == "s", "\(line)")
        if let lag = row["lag"], !(lag is NSNull) {
            let number = lag as? NSNumber
            #expect((number?.int64Value ?? -1) >= 0, "null, or a number never negative: \(line)")
        }
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        expectCleanEnd(topics, exitCodes: [0], within: 20)
    }

    /// XRANGE answers `*2147483647` and then entries as fast as the socket takes them: evmon
    /// refuses the figure (or its cap) and exits 3 without buffering the endless reply.
    @Test func anAggregateClaiming2To31ElementsExits3WithinItsMemoryBound() async throws {
        let (server, url) = try await Self.start("huge-aggregate")
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--broker", url], timeout: 45, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3], within: 40) else { return }
        expectPeak(outcome, belowMiB: 600)
        #expect(outcome.standardError.contains("2147483647") || outcome.standardError.contains("16777216"), "names the figure or the cap: \(outcome.standardError)")
    }

    /// The same endless reply, but claiming exactly the aggregate cap (16,777,216 elements), so
    /// the header passes: the entries never finish, and evmon must still give up with exit 3
    /// rather than time out, reconnect and be fed the same endless reply for ever.
    @Test func anEndlessAggregateAtTheCapExits3WithinItsMemoryBound() async throws {
        let (server, url) = try await Self.start("huge-aggregate", ["16777216"])
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["tail", "s", "--from", "earliest", "-e", "--broker", url], timeout: 45, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3], within: 40) else { return }
        expectPeak(outcome, belowMiB: 600)
        #expect(outcome.standardError.split(separator: "\n").last?.hasPrefix("evmon: ") == true, "\(outcome.standardError)")
    }

    /// XPENDING answers a full page of the same ids (1-0 …) whatever start id evmon pages from:
    /// `dlq list` ends (0 or 3) and lists no entry twice.
    @Test func anXPendingThatRepeatsItsPageListsNoEntryTwice() async throws {
        let (server, url) = try await Self.start("xpending-repeat")
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["dlq", "list", "--format", "json", "--broker", url], timeout: 35)
        guard expectCleanEnd(outcome, exitCodes: [0, 3], within: 30) else { return }
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
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 30)
        expectCleanEnd(outcome, exitCodes: [0, 3], within: 20)
    }
}

// MARK: - Running evmon against a hostile server

/// One run of evmon under GNU time (peak RSS) and coreutils timeout (which kills the whole
/// process group, evmon included, so a hang never outlives the test).
private struct HostileRun: Sendable {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
    var timedOut: Bool
    var elapsed: TimeInterval
    /// Peak resident set size in MiB; nil without GNU time or when evmon was killed.
    var peakMiB: Double?

    var lines: [String] {
        var lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var summary: String {
        "exit \(exitCode)\(timedOut ? " (timed out)" : ""), \(String(format: "%.1f", elapsed)) s, peak \(peakMiB.map { String(format: "%.0f MiB", $0) } ?? "unknown"); stderr: \(standardError.prefix(1500))"
    }
}

private let gnuTime = "/usr/bin/time"

/// Runs `evmon arguments…` with the environment `EvmonProcess` gives it, killed after `timeout`.
/// Standard output is kept only when asked (a bomb may print hundreds of megabytes); at most
/// 1 MiB of each stream is read back.
private func runHostile(_ arguments: [String], timeout: TimeInterval, keepStandardOutput: Bool = true) async throws -> HostileRun {
    try await onOwnThread {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("stdout")
        let errors = folder.appendingPathComponent("stderr")
        let rss = folder.appendingPathComponent("rss")
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let measured = FileManager.default.isExecutableFile(atPath: gnuTime)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", String(Int(timeout.rounded(.up)))]
            + (measured ? [gnuTime, "-f", "%M", "-o", rss.path] : []) + [EvmonProcess.binaryPath] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["EVMON_BROKER"] = nil
        environment["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-no-config").path
        environment["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
        process.environment = environment
        if keepStandardOutput {
            process.standardOutput = try FileHandle(forWritingTo: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let elapsed = Date().timeIntervalSince(started)
        // timeout sends SIGKILL to its whole group, itself included: that is how a hang ends.
        let timedOut = process.terminationReason == .uncaughtSignal
        // GNU time's file: "Command exited with non-zero status 3" (or "… terminated by
        // signal 4") and then the kilobytes on the last line.
        var peak: Double?
        if measured, !timedOut, let text = try? String(contentsOf: rss, encoding: .utf8),
            let last = text.split(separator: "\n").last, let kilobytes = Double(last.trimmingCharacters(in: .whitespaces)) {
            peak = kilobytes / 1024
        }
        var standardOutput = ""
        if keepStandardOutput { standardOutput = String(decoding: try readHead(output), as: UTF8.self) }
        let standardError = String(decoding: try readHead(errors), as: UTF8.self)
        return HostileRun(
            exitCode: timedOut ? -1 : process.terminationStatus, standardOutput: standardOutput,
            standardError: standardError, timedOut: timedOut, elapsed: elapsed, peakMiB: peak)
    }
}

/// The first MiB of a file.
private func readHead(_ url: URL) throws -> Data {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    return try handle.read(upToCount: 1 << 20) ?? Data()
}

/// What every scenario demands: evmon ended on its own, in time, with one of `exitCodes`,
/// without a trap, and printed no terminal escape from the server's bytes. Returns whether it
/// ended at all (a hang is one failure, not one per check).
@discardableResult
private func expectCleanEnd(_ run: HostileRun, exitCodes: Set<Int32>, within seconds: TimeInterval, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    guard !run.timedOut else {
        Issue.record("hung: \(run.summary)", sourceLocation: sourceLocation)
        return false
    }
    #expect(exitCodes.contains(run.exitCode), "\(run.summary)", sourceLocation: sourceLocation)
    #expect(run.elapsed < seconds, "\(run.summary)", sourceLocation: sourceLocation)
    #expect(!run.standardError.contains("Fatal error") && !run.standardError.contains("runtime failure"), "trapped: \(run.summary)", sourceLocation: sourceLocation)
    #expect(!run.standardError.unicodeScalars.contains("\u{1B}"), "a raw ESC on stderr: \(run.summary)", sourceLocation: sourceLocation)
    return true
}

private func expectPeak(_ run: HostileRun, belowMiB limit: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    guard !run.timedOut else { return }  // already a failure; the peak is unknown
    #expect(FileManager.default.isExecutableFile(atPath: gnuTime), "GNU time (\(gnuTime), Debian package `time`) measures the peak RSS", sourceLocation: sourceLocation)
    if let peak = run.peakMiB { #expect(peak < limit, "peak RSS \(peak) MiB: \(run.summary)", sourceLocation: sourceLocation) }
}

/// Starts `python3 arguments…` with its output in a file; returns the process and the port of
/// the first line it prints that starts with "ready " (as `KafkaFaultTests.startListener`).
private func startListener(_ arguments: [String]) async throws -> (Process, Int) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-listener-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    process.standardOutput = try FileHandle(forWritingTo: log)
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    for _ in 0..<600 {
        let text = try String(contentsOf: log, encoding: .utf8)
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }), let port = Int(line.dropFirst(6)) {
            return (process, port)
        }
        if !process.isRunning { break }
        try await Task.sleep(for: .milliseconds(100))
    }
    kill(process.processIdentifier, SIGKILL)
    throw ScriptFailed(description: "\(arguments) never said it was ready")
}
