import EvmonTestSupport
import Foundation
import Testing

/// A nats-server of a test's own (`EVMON_TEST_NATS_BIN`) on a fixed free port, with its file
/// store in a temporary folder, that the test can stop and start again.
final class NATSServerProcess: @unchecked Sendable {
    // @unchecked: `process` is replaced only by `restart`, called from the one test that owns it.
    let port: Int
    let store: URL
    let jetStream: Bool
    private var process: Process

    var address: String { "127.0.0.1:\(port)" }
    var url: String { "nats://\(address)" }

    private init(port: Int, store: URL, jetStream: Bool, process: Process) {
        self.port = port
        self.store = store
        self.jetStream = jetStream
        self.process = process
    }

    static func start(jetStream: Bool) async throws -> NATSServerProcess {
        let port = try await NATSTestServer.freePort()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-nats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        let process = try launch(port: port, store: store, jetStream: jetStream)
        let server = NATSServerProcess(port: port, store: store, jetStream: jetStream, process: process)
        try await server.waitUntilListening()
        return server
    }

    private static func launch(port: Int, store: URL, jetStream: Bool) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try NATSTestServer.variable("EVMON_TEST_NATS_BIN"))
        process.arguments = ["-a", "127.0.0.1", "-p", String(port)] + (jetStream ? ["-js", "-sd", store.path] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func waitUntilListening() async throws {
        for _ in 0..<100 {
            let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(socket)
            if connected == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ScriptFailed(description: "nats-server did not listen on \(port) within 10 s")
    }

    /// Stops the server (SIGTERM, waiting for it), waits, and starts it again on the same port and store.
    func restart(pauseSeconds: Double) async throws {
        let old = process
        try await onOwnThread {
            old.terminate()
            old.waitUntilExit()
        }
        try await Task.sleep(for: .seconds(pauseSeconds))
        process = try Self.launch(port: port, store: store, jetStream: jetStream)
        try await waitUntilListening()
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: store)
    }

    /// A listener that accepts connections and never says anything.
    static func startSilentListener() async throws -> (Process, Int) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-silent-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print('ready', s.getsockname()[1], flush=True); time.sleep(120)"]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            let text = try String(contentsOf: log, encoding: .utf8)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }), let port = Int(line.dropFirst(6)) {
                return (process, port)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.killIfRunning()
        throw ScriptFailed(description: "the silent listener never said it was ready")
    }
}
