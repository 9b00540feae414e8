import Foundation
import EvmonTestSupport
import Testing

/// A redis-server of the test's own (`EVMON_TEST_REDIS_BIN`), on a fixed port in a temporary
/// folder, that the test can stop and start again: with `--appendonly yes` its streams survive.
final class RedisOwnServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server, one step at a time.
    let port: Int
    let folder: URL
    private let binary: String
    private let arguments: [String]
    private var process: Process?

    var hostPort: String { "127.0.0.1:\(port)" }
    var url: String { "redis://\(hostPort)" }

    init(extraArguments: [String] = []) async throws {
        binary = try RedisTestBroker.variable("EVMON_TEST_REDIS_BIN")
        let portText = try await RedisTestBroker.python("free_port.py", [])
        port = try #require(Int(String(decoding: portText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-redis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", folder.path] + extraArguments
        try await start()
    }

    /// Starts the server and waits until it answers.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if (try? await RedisTestBroker.redis([["PING"]], address: hostPort)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("redis-server on \(port) did not start")
    }

    /// Stops the server the way an operator restarting it would: `SHUTDOWN`, which flushes the
    /// append-only file. (Signals are no good here: a test runner may hand its children SIGTERM
    /// blocked, and Redis then never sees it.) SIGKILL after 10 s if it is still there.
    func stop() async throws {
        guard let process else { return }
        _ = try? await RedisTestBroker.python("shutdown.py", [hostPort])
        for _ in 0..<100 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        process.killIfRunning()
        self.process = nil
    }

    deinit {
        // A test that failed before stopping its server: no waiting here, just the end of it.
        process?.killIfRunning()
        try? FileManager.default.removeItem(at: folder)
    }
}
