import EvmonTestSupport
import Foundation
import Testing

/// A Tansu of the test's own, advertised through `scripts/proxy.py`, so that every connection a
/// client makes (bootstrap and leader) passes the proxy and can be cut or starved of answers.
final class ProxiedTansu {
    let tansu: Process
    let proxy: Process
    let proxyLog: URL
    /// `host:port` of the proxy: the only address clients should use.
    let bootstrap: String

    init(outageSeconds: Int = 3) async throws {
        let tansuPath = try TestBrokerGate.variable("EVMON_TEST_TANSU_BIN")
        let brokerPort = try await KafkaFaultTests.freePort()
        let proxyPort = try await KafkaFaultTests.freePort()
        bootstrap = "127.0.0.1:\(proxyPort)"
        tansu = Process()
        tansu.executableURL = URL(fileURLWithPath: tansuPath)
        tansu.arguments = [
            "broker", "--listener-url", "tcp://127.0.0.1:\(brokerPort)",
            "--advertised-listener-url", "tcp://127.0.0.1:\(proxyPort)", "--storage-engine", "memory://tansu/",
        ]
        tansu.standardOutput = FileHandle.nullDevice
        tansu.standardError = FileHandle.nullDevice
        tansu.standardInput = FileHandle.nullDevice
        try tansu.run()
        proxyLog = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-proxy-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: proxyLog.path, contents: nil)
        proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = [
            "python3", KafkaTestBroker.scripts.folder.appendingPathComponent("proxy.py").path, String(proxyPort), String(brokerPort), String(outageSeconds),
        ]
        // Files, not pipes: a child left behind must not hold the test runner's output open.
        proxy.standardOutput = try FileHandle(forWritingTo: proxyLog)
        proxy.standardError = FileHandle.nullDevice
        proxy.standardInput = FileHandle.nullDevice
        try proxy.run()
        try await said("ready")
    }

    /// Everything the proxy printed so far.
    var log: String { (try? String(contentsOf: proxyLog, encoding: .utf8)) ?? "" }

    /// Waits (up to 30 s) until the proxy has printed `word` `count` times.
    func said(_ word: String, times count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<300 where log.components(separatedBy: word).count - 1 < count {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(log.components(separatedBy: word).count - 1 >= count, "proxy never said \(word)", sourceLocation: sourceLocation)
    }

    /// Toggles the black hole for Produce answers, and waits until the proxy has switched.
    func toggleBlackHole(on: Bool) async throws {
        let before = log.components(separatedBy: "blackhole \(on ? "on" : "off")").count - 1
        kill(proxy.processIdentifier, SIGUSR2)
        try await said("blackhole \(on ? "on" : "off")", times: before + 1)
    }

    func stop() {
        proxy.terminate()
        // Tansu shuts down slowly on SIGTERM, if at all; the test's broker holds nothing worth keeping.
        tansu.killIfRunning()
        try? FileManager.default.removeItem(at: proxyLog)
    }
}
