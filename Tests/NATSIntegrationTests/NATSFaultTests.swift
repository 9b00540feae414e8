import EvmonTestSupport
import Foundation
import Testing

/// Credentials, servers that are not there or not NATS, and a server restarted during a follow.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS"), .timeLimit(.minutes(3)))
struct NATSFaultTests {
    @Test func userAndPasswordFromTheEnvironment() async throws {
        let url = "nats://" + (try NATSTestServer.variable("EVMON_TEST_NATS_AUTH"))
        let credentials = [
            "EVMON_NATS_USER": try NATSTestServer.variable("EVMON_TEST_NATS_USER"),
            "EVMON_NATS_PASSWORD": try NATSTestServer.variable("EVMON_TEST_NATS_PASSWORD"),
        ]
        let good = try await runEvmon(["topics", "--broker", url], environment: credentials)
        #expect(good.exitCode == 0, "\(good.standardError)")
        var wrong = credentials
        wrong["EVMON_NATS_PASSWORD"] = "not-the-password"
        for environment in [wrong, [:]] {
            let refused = try await runEvmon(["topics", "--broker", url], environment: environment)
            #expect(refused.exitCode == 3)
            #expect(refused.standardError == "evmon: authentication failed at \(url): Authorization Violation\n")
        }
        let half = try await runEvmon(["topics", "--broker", url], environment: ["EVMON_NATS_USER": "evmon"])
        #expect(half.exitCode == 2 && half.standardError.contains("EVMON_NATS_PASSWORD"), "\(half.standardError)")
    }

    @Test func tokenFromTheEnvironment() async throws {
        let url = "nats://" + (try NATSTestServer.variable("EVMON_TEST_NATS_TOKEN_ADDR"))
        let good = try await runEvmon(["topics", "--broker", url], environment: ["EVMON_NATS_TOKEN": try NATSTestServer.variable("EVMON_TEST_NATS_TOKEN")])
        #expect(good.exitCode == 0, "\(good.standardError)")
        let refused = try await runEvmon(["tail", "ANY", "-e", "--broker", url], environment: ["EVMON_NATS_TOKEN": "wrong"])
        #expect(refused.exitCode == 3)
        #expect(refused.standardError == "evmon: authentication failed at \(url): Authorization Violation\n")
    }

    @Test(arguments: [["topics"], ["tail", "ORDERS", "-e"], ["lag"], ["dlq", "list"]])
    func serverNotRunningExitsThreeAtOnceWithOneLine(command: [String]) async throws {
        // Held, not released: a port merely found free could be taken by another test's server.
        let refusing = try RefusingPort()
        let port = refusing.port
        let outcome = try await runEvmon(command + ["--broker", "nats://127.0.0.1:\(port)"], timeout: 90)
        withExtendedLifetime(refusing) {}
        // evmon's own run, not the harness's wait to start it (seconds while the whole suite runs).
        #expect(outcome.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; loose: on the loaded machine evmon's own start has taken 7 s; the message tells a refusal from a timeout")
        #expect(outcome.exitCode == 3, "\(outcome.standardError)")
        #expect(outcome.standardError == "evmon: cannot reach nats://127.0.0.1:\(port): connection refused\n")
    }

    @Test func aServerThatNeverSpeaksIsUnreachableAfterItsHandshakeTimeout() async throws {
        let (silent, port) = try await NATSServerProcess.startSilentListener()
        defer { silent.killIfRunning() }
        let outcome = try await runEvmon(["topics", "--broker", "nats://127.0.0.1:\(port)"], timeout: 90)
        #expect(outcome.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; the 4 s handshake timeout, and evmon's start on a loaded machine")
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError == "evmon: cannot reach nats://127.0.0.1:\(port): no INFO from the server within 4 s (is it a NATS server?)\n")
    }

    @Test func aServerWithoutJetStreamIsAClearError() async throws {
        let server = try await NATSServerProcess.start(jetStream: false)
        defer { server.stop() }
        let outcome = try await runEvmon(["topics", "--broker", server.url], timeout: 90)
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError == "evmon: \(server.url): JetStream is not enabled on this server (start nats-server with -js)\n")
    }

    /// A server of the test's own (file store, fixed port) killed and restarted under `tail -f`:
    /// evmon says it reconnects, recreates its consumer after the last sequence it printed, and
    /// prints every message exactly once.
    @Test func tailResumesAfterServerRestartWithoutDuplicateOrGap() async throws {
        let server = try await NATSServerProcess.start(jetStream: true)
        defer { server.stop() }
        try await NATSTestServer.createStream("RESTART", subjects: ["restart.>"], server: server.address)
        try await NATSTestServer.tool(["fill", "RESTART", "restart.a", "100", "20"], server: server.address)
        async let follower = runEvmon(["tail", "RESTART", "--from", "earliest", "--count", "200", "--format", "%o\n", "--broker", server.url], timeout: 90)
        try await NATSTestServer.waitForEvmonConsumer(on: "RESTART", server: server.address)
        try await server.restart(pauseSeconds: 2)
        try await NATSTestServer.tool(["fill", "RESTART", "restart.b", "200", "20"], server: server.address)
        let outcome = try await follower
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnecting"), "\(outcome.standardError)")
        #expect(outcome.lines.map { Int($0) ?? -1 } == Array(1...200))
    }
}
