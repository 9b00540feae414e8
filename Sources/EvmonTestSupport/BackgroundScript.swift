import Foundation

/// A reference-client script left running while a test acts (a consumer that answers the
/// events evmon produces), its output in a file the test can wait on.
public final class BackgroundScript: @unchecked Sendable {
    // @unchecked: the process is only started, signalled and read from; `Process` is thread-safe here.
    private let process: Process
    private let log: URL

    /// Starts `python3 SCRIPT ARGUMENTS…` from `scripts`' folder.
    public init(_ scripts: ReferenceScripts, _ script: String, _ arguments: [String]) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-script-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scripts.folder.appendingPathComponent(script).path] + arguments
        // Files, not pipes: a child left behind must not hold the test runner's output open.
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything it printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits (up to `seconds`) until it printed `word`; throws with its output otherwise.
    public func waitFor(_ word: String, seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !output.contains(word) {
            guard Date() < deadline, process.isRunning else {
                throw ScriptFailed(description: "the script never printed '\(word)': \(output)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Ends it (if still running) and removes its log.
    public func stop() {
        process.killIfRunning()
        try? FileManager.default.removeItem(at: log)
    }
}
