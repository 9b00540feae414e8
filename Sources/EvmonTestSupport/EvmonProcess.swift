import Foundation

/// Runs the real `evmon` binary, as users and scripts do, and captures what it did.
public enum EvmonProcess {
    /// What one run printed and how it ended.
    public struct Outcome: Sendable {
        public let exitCode: Int32
        public let standardOutput: String
        public let standardError: String
        /// Whether the run was killed for overrunning its time limit.
        public let timedOut: Bool
        /// Seconds from starting the process to its exit: what evmon itself took, without the
        /// time the test harness waited to start it (seconds, when the whole suite runs).
        public let elapsed: TimeInterval

        /// Standard output split into lines, without the trailing empty one.
        public var lines: [String] {
            var lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// The binary under test: `$EVMON_BIN`, else the build folder next to the test bundle.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["EVMON_BIN"], !path.isEmpty { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        // The test runner lives in `.build/<triple>/debug/evmonPackageTests.xctest` (or inside it).
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("evmon").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "evmon"
    }

    /// Runs `evmon arguments…` with `environment` added to a clean one, killing it after `timeout`.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil,
        timeout: TimeInterval = 30
    ) throws -> Outcome {
        try start(arguments, environment: environment, standardInput: standardInput).wait(timeout: timeout)
    }

    /// Starts `evmon arguments…` and returns at once, for a test that acts while it runs (writes
    /// more, deletes a topic) once the output shows it got somewhere.
    public static func start(_ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = arguments
        var base = ProcessInfo.processInfo.environment
        // Tests control the broker explicitly; the developer's own settings must not leak in.
        base["EVMON_BROKER"] = nil
        base["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-no-config").path
        // Nor may a test's replay land in the developer's audit log: each run gets a fresh one
        // unless the test passes its own XDG_STATE_HOME.
        base["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-state-\(UUID().uuidString)").path
        process.environment = base.merging(environment) { $1 }
        let outputFile = try temporaryFile()
        let errorFile = try temporaryFile()
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        if let standardInput {
            let pipe = Pipe()
            process.standardInput = pipe
            pipe.fileHandleForWriting.write(Data(standardInput.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let started = Date()
        try process.run()
        return Running(process: process, outputFile: outputFile, errorFile: errorFile, started: started)
    }

    /// An evmon started by `start`; its output so far can be read while it runs.
    public final class Running: @unchecked Sendable {
        // @unchecked: the process and files are only read; `Process` itself is thread-safe here.
        private let process: Process
        private let outputFile: URL
        private let errorFile: URL
        private let started: Date

        init(process: Process, outputFile: URL, errorFile: URL, started: Date) {
            self.process = process
            self.outputFile = outputFile
            self.errorFile = errorFile
            self.started = started
        }

        deinit {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }

        public var standardOutput: String { String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self) }
        public var standardError: String { String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self) }

        /// Blocks (poll every 50 ms) until `condition` holds for the output so far, or throws
        /// after `timeout` with what was printed.
        public func waitUntil(_ what: String, timeout: TimeInterval, _ condition: (_ standardOutput: String, _ standardError: String) -> Bool) throws {
            let deadline = Date().addingTimeInterval(timeout)
            while !condition(standardOutput, standardError) {
                guard Date() < deadline else {
                    throw ScriptFailed(description: "evmon never showed \(what) within \(timeout) s; stdout: \(standardOutput.suffix(500)) stderr: \(standardError.suffix(500))")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        /// Waits for the exit (killing it after `timeout`) and returns what it did.
        public func wait(timeout: TimeInterval) throws -> Outcome {
            let deadline = Date().addingTimeInterval(timeout)
            var timedOut = false
            while process.isRunning {
                if Date() > deadline {
                    timedOut = true
                    process.terminate()
                    process.waitUntilExit()
                    break
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            process.waitUntilExit()
            return Outcome(
                exitCode: process.terminationStatus,
                standardOutput: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
                standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self),
                timedOut: timedOut, elapsed: Date().timeIntervalSince(started))
        }
    }

    private static func temporaryFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-test-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }
}
