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
        let (process, port) = try await startListener([script, scenario, "0"])
        return (process, "nats://127.0.0.1:\(port)")
    }

    /// The fake itself is sound: evmon lists its stream and tails its five messages in order,
    /// so a failure in the hostile tests is evmon's, not the fake's.
    @Test func thePlainFakeServesAnOrdinaryStream() async throws {
        let (server, url) = try await Self.start("plain")
        defer { kill(server.processIdentifier, SIGKILL) }
        let tail = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0], within: 20) else { return }
        #expect(try tail.lines.map { try TailedRecord(line: $0).offset } == [1, 2, 3, 4, 5], "\(tail.standardOutput)")
        let topics = try await runHostile(["topics", "--broker", url], timeout: 30)
        guard expectCleanEnd(topics, exitCodes: [0], within: 20) else { return }
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
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 30)
        guard expectCleanEnd(outcome, exitCodes: [0, 3], within: 20) else { return }
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
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--broker", url], timeout: 35, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [3], within: 30) else { return }
        expectPeak(outcome, belowMiB: 400)
        #expect(outcome.standardError.contains("200000000"), "names the size claimed over the ceiling: \(outcome.standardError)")
    }

    /// STREAM.LIST and STREAM.NAMES answer total 1,000,000, limit 1 and always the same stream:
    /// paging stops (0 with ORDERS listed once is best; 3 is acceptable).
    @Test(arguments: [["topics"], ["lag"]])
    func aListingWhoseTotalLiesEndsPromptly(command: [String]) async throws {
        let (server, url) = try await Self.start("lying-total")
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 25)
        guard expectCleanEnd(outcome, exitCodes: [0, 3], within: 20) else { return }
        if outcome.exitCode == 0, command == ["topics"] {
            #expect(outcome.lines.filter { $0.contains("ORDERS") }.count == 1, "ORDERS once: \(outcome.standardOutput.prefix(2000))")
        }
    }

    /// Every consumer evmon creates only ever gets `NATS/1.0 409 Consumer Deleted`: evmon stops
    /// recreating it and exits 3 naming the stream, rather than recreating for ever.
    @Test func aConsumerThatIsAlwaysDeletedExits3NamingTheStream() async throws {
        let (server, url) = try await Self.start("status-loop")
        defer { kill(server.processIdentifier, SIGKILL) }
        let outcome = try await runHostile(["tail", "ORDERS", "--from", "earliest", "-e", "--broker", url], timeout: 45)
        guard expectCleanEnd(outcome, exitCodes: [3], within: 40) else { return }
        #expect(outcome.standardError.contains("ORDERS"), "\(outcome.standardError)")
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
