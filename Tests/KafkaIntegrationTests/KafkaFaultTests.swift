import EvmonTestSupport
import Foundation
import Testing

/// Brokers that are not there, and brokers that go away during a follow.
struct KafkaFaultTests {
    static func freePort() async throws -> Int {
        let output = try await KafkaTestBroker.python("free_port.py", [])
        return try #require(Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test(arguments: [["topics"], ["tail", "orders", "-e"], ["lag"]])
    func brokerNotRunningExitsThreeWithOneLineWithinTenSeconds(command: [String]) async throws {
        let (held, port) = try refusingPort()
        defer { close(held) }
        let outcome = try await runEvmon(command + ["--broker", "kafka://127.0.0.1:\(port)"], timeout: 90)
        #expect(outcome.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; evmon's own run, not the harness's wait to start it")
        #expect(outcome.exitCode == 3, "stderr: \(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(outcome.standardError)")
        #expect(lines.first == "evmon: cannot reach kafka://127.0.0.1:\(port): connection refused")
    }

    /// The shared listener starter (EvmonTestSupport), under the name the Kafka tests use.
    static func startListener(_ arguments: [String]) async throws -> (Process, Int) {
        try await EvmonTestSupport.startListener(arguments)
    }

    @Test func aBrokerThatAcceptsButNeverAnswersIsUnreachableAfterItsRequestTimeout() async throws {
        let (silent, port) = try await Self.startListener([
            "-c", "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); print('ready', s.getsockname()[1], flush=True); time.sleep(900)",
        ])
        defer { silent.killIfRunning() }
        let outcome = try await runEvmon(["topics", "--broker", "kafka://127.0.0.1:\(port)"], timeout: 90)
        #expect(outcome.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; the 4 s request timeout, and evmon's start on a loaded machine")
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError == "evmon: cannot reach kafka://127.0.0.1:\(port): ApiVersions request timed out\n")
    }

    /// TLS asked of a plain-text listener: Tansu never answers the ClientHello, and evmon says
    /// so within the handshake timeout instead of hanging or sending anything in plain text.
    @Test(.enabled(if: KafkaTestBroker.enabled, "needs Tansu (make test)"))
    func tlsAgainstAPlainListenerFailsOnOneLine() async throws {
        let address = try KafkaTestBroker.bootstrap()
        let outcome = try await runEvmon(["topics", "--broker", "kafka://\(address)?tls=true"], timeout: 90)
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError == "evmon: cannot reach kafka://\(address)?tls=true: TLS: \(address) did not answer the handshake within 3 s\n")
    }

    @Test func saslPlainSendsTheCredentialsFromTheEnvironmentAndReportsRejection() async throws {
        let (fake, port) = try await Self.startListener([KafkaTestBroker.scripts.folder.appendingPathComponent("fake_sasl_broker.py").path, "0"])
        defer { fake.killIfRunning() }
        let url = "kafka://127.0.0.1:\(port)?sasl=plain"
        let outcome = try await runEvmon(
            ["topics", "--broker", url], environment: ["EVMON_KAFKA_USERNAME": "alice", "EVMON_KAFKA_PASSWORD": "s3cret"], timeout: 90)
        #expect(outcome.exitCode == 3)
        // The fake broker echoes what it got, to show the credentials went out as PLAIN's message.
        #expect(outcome.standardError == "evmon: authentication failed at \(url): SASL PLAIN: user name or password rejected (the broker said: rejected alice/s3cret)\n")
        let missing = try await runEvmon(["topics", "--broker", url], timeout: 90)
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("EVMON_KAFKA_USERNAME"))
        let scram = try await runEvmon(["topics", "--broker", "kafka://127.0.0.1:\(port)?sasl=scram-sha-256"], timeout: 90)
        #expect(scram.exitCode == 2)
        #expect(scram.standardError.contains("sasl=scram-sha-256 needs EVMON_KAFKA_USERNAME and EVMON_KAFKA_PASSWORD"))
    }

    /// A Tansu of the test's own, advertised through a proxy that can drop every connection.
    @Test(.enabled(if: KafkaTestBroker.enabled, "needs Tansu (make test)"))
    func tailResumesAfterBrokerRestartWithoutDuplicateOrGap() async throws {
        let broker = try await ProxiedTansu(outageSeconds: 3)
        defer { broker.stop() }
        let bootstrap = broker.bootstrap
        let topic = "restart"
        let first = (0..<60).map { KafkaTestBroker.Message(partition: $0 % 3, key: nil, value: Array("before-\($0)".utf8)) }
        try await KafkaTestBroker.produce(first, topic: topic, createPartitions: 3, bootstrap: bootstrap)
        func acceptedCount() -> Int {
            broker.log.components(separatedBy: "accepted").count - 1
        }
        let acceptedBefore = acceptedCount()
        async let follower = onOwnThread {
            try EvmonProcess.run(
                ["tail", topic, "--from", "earliest", "--count", "120", "--format", "json", "--broker", "kafka://\(bootstrap)"], timeout: 60)
        }
        // Drop the connections only once evmon has made its own (bootstrap and leader), however slowly it started.
        for _ in 0..<300 where acceptedCount() < acceptedBefore + 2 {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(1))
        kill(broker.proxy.processIdentifier, SIGUSR1)
        try await broker.said("dropped")
        try await broker.said("resumed")  // 3 s later
        let second = (0..<60).map { KafkaTestBroker.Message(partition: $0 % 3, key: nil, value: Array("after-\($0)".utf8)) }
        try await KafkaTestBroker.produce(second, topic: topic, bootstrap: bootstrap)
        let outcome = try await follower
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnecting"), "stderr: \(outcome.standardError)")
        let records = try outcome.lines.map(TailedRecord.init(line:))
        #expect(records.count == 120)
        for partition in 0..<3 {
            #expect(records.filter { $0.partition == partition }.map(\.offset) == Array(0..<40), "partition \(partition)")
        }
    }
}
