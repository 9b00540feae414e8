import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Scripted hostile servers (the Kafka, Redis and NATS integration tests' `hostile_*.py`) and
// evmon run against them under GNU time and coreutils timeout: peak memory is measured and a
// hang never outlives its test.

/// One run of evmon under GNU time (peak RSS) and coreutils timeout (which kills the whole
/// process group, evmon included, so a hang never outlives the test).
public struct HostileRun: Sendable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
    public var timedOut: Bool
    public var elapsed: TimeInterval
    /// Peak resident set size in MiB; nil without GNU time or when evmon was killed.
    public var peakMiB: Double?

    public var lines: [String] {
        var lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    public var summary: String {
        "exit \(exitCode)\(timedOut ? " (timed out)" : ""), \(String(format: "%.1f", elapsed)) s, peak \(peakMiB.map { String(format: "%.0f MiB", $0) } ?? "unknown"); stderr: \(standardError.prefix(1500))"
    }
}

private let gnuTime = "/usr/bin/time"

/// The least time a run gets before it counts as hung. A bounded time is what the tests
/// check, not a speed: the whole suite runs at once on two cores, where even a three-message
/// tail has taken 38 s from launch to exit, so a tighter kill would fail healthy runs.
public let minimumKillSeconds: TimeInterval = 120

/// Runs `evmon arguments…` with the environment `EvmonProcess` gives it, killed after `timeout`.
/// Standard output is kept only when asked (a bomb may print gigabytes); at most 1 MiB of each
/// stream is read back.
public func runHostile(_ arguments: [String], timeout: TimeInterval, keepStandardOutput: Bool = true) async throws -> HostileRun {
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
        process.arguments = ["-s", "KILL", String(Int(max(timeout, minimumKillSeconds).rounded(.up)))]
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
        let standardOutput = keepStandardOutput ? String(decoding: try readHead(output), as: UTF8.self) : ""
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

/// What every scenario demands: evmon ended on its own (before the kill: its time bound), with one of `exitCodes`,
/// without a trap, and printed no terminal escape from the broker's bytes. Returns whether it
/// ended at all (a hang is one failure, not one per check).
@discardableResult
public func expectCleanEnd(_ run: HostileRun, exitCodes: Set<Int32>, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    guard !run.timedOut else {
        Issue.record("hung: \(run.summary)", sourceLocation: sourceLocation)
        return false
    }
    #expect(exitCodes.contains(run.exitCode), "\(run.summary)", sourceLocation: sourceLocation)
    #expect(!run.standardError.contains("Fatal error") && !run.standardError.contains("runtime failure"), "trapped: \(run.summary)", sourceLocation: sourceLocation)
    #expect(!run.standardError.unicodeScalars.contains("\u{1B}"), "a raw ESC on stderr: \(run.summary)", sourceLocation: sourceLocation)
    return true
}

public func expectPeak(_ run: HostileRun, belowMiB limit: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    guard !run.timedOut else { return }  // already a failure; the peak is unknown
    #expect(FileManager.default.isExecutableFile(atPath: gnuTime), "GNU time (\(gnuTime), Debian package `time`) measures the peak RSS", sourceLocation: sourceLocation)
    if let peak = run.peakMiB { #expect(peak < limit, "peak RSS \(peak) MiB: \(run.summary)", sourceLocation: sourceLocation) }
}

/// Starts `python3 arguments…` with its output in a file; returns the process and the port of
/// the first line it prints that starts with "ready " (the fake servers' handshake).
public func startListener(_ arguments: [String]) async throws -> (Process, Int) {
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
    process.killIfRunning()
    throw ScriptFailed(description: "\(arguments) never said it was ready")
}

/// Starts a scripted fake server (`python3 script scenario 0 extra…`) and returns it with the
/// broker URL evmon reaches it at (`scheme://127.0.0.1:PORT`); kill the process when done.
public func startHostileServer(_ script: String, scheme: String, scenario: String, extra: [String] = []) async throws -> (Process, String) {
    let (process, port) = try await startListener([script, scenario, "0"] + extra)
    return (process, "\(scheme)://127.0.0.1:\(port)")
}

/// A loopback port bound but never listening, held until `close(descriptor)`: connecting to it
/// is refused, and no server another test starts meanwhile can take it (a port found free and
/// released can be, when the whole suite starts fakes on port 0 at once).
public func refusingPort() throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ScriptFailed(description: "socket: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else {
        close(descriptor)
        throw ScriptFailed(description: "bind: \(String(cString: strerror(errno)))")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
