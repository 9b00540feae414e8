import EvmonTestSupport
import Foundation
import Testing

/// Kafka over TLS, mutual TLS and SASL (PLAIN, SCRAM-SHA-256/512, OAUTHBEARER), on the secured
/// Tansu listeners `make test` starts (stunnel for TLS, `scripts/kafka_sasl_proxy.py` with PyPI
/// `scramp` for the broker side of SASL). librdkafka (confluent-kafka) writes over the same
/// secured listener; evmon must read back exactly what it wrote.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaSecurityTests {
    static func certificate(_ name: String) throws -> String { try TestBrokerGate.variable("EVMON_TEST_CERTS") + "/" + name }

    static var sasl: [String: String] {
        get throws {
            ["EVMON_KAFKA_USERNAME": try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL_USER"),
             "EVMON_KAFKA_PASSWORD": try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL_PASSWORD")]
        }
    }

    /// librdkafka's settings for a SASL listener: `protocol` SASL_PLAINTEXT or SASL_SSL (with the
    /// test CA), `mechanism` as librdkafka names it, the test user.
    static func rdkafkaSASL(_ protocolName: String, _ mechanism: String) throws -> [String: String] {
        let credentials = try sasl
        var config = [
            "security.protocol": protocolName, "sasl.mechanism": mechanism,
            "sasl.username": credentials["EVMON_KAFKA_USERNAME"]!, "sasl.password": credentials["EVMON_KAFKA_PASSWORD"]!,
        ]
        if protocolName == "SASL_SSL" { config["ssl.ca.location"] = try certificate("ca.pem") }
        return config
    }

    /// Three messages written by librdkafka with `clientConfig` to `bootstrap`; returns the topic.
    static func written(to bootstrap: String, clientConfig: [String: String]) async throws -> String {
        let topic = KafkaTestBroker.uniqueTopic("secure")
        let messages = (0..<3).map { KafkaTestBroker.Message(partition: 0, key: Array("k\($0)".utf8), value: Array("secret value \($0)".utf8)) }
        try await KafkaTestBroker.produce(messages, topic: topic, createPartitions: 1, oneByOne: true, bootstrap: bootstrap, clientConfig: clientConfig)
        return topic
    }

    /// `evmon tail TOPIC --from earliest -e` against `url`: the values it printed.
    static func tail(_ topic: String, url: String, environment: [String: String] = [:]) async throws -> EvmonProcess.Outcome {
        try await runEvmon(["tail", topic, "--from", "earliest", "-e", "--format", "%s\n", "--broker", url], environment: environment, timeout: 60)
    }

    static let values = ["secret value 0", "secret value 1", "secret value 2"]

    /// Runs evmon with a config file holding `profiles` (YAML) in a folder of its own.
    static func withProfiles(_ profiles: String, _ arguments: [String], in folder: TemporaryFolder? = nil) async throws -> EvmonProcess.Outcome {
        let folder = try folder ?? TemporaryFolder()
        _ = try folder.write("evmon/config.yaml", "profiles:\n" + profiles)
        return try await runEvmon(arguments, environment: ["XDG_CONFIG_HOME": folder.path], timeout: 60)
    }

    @Test func tlsVerifiesTheBrokerAndReadsWhatLibrdkafkaWroteOverTLS() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS")
        let ca = try Self.certificate("ca.pem")
        let topic = try await Self.written(to: address, clientConfig: ["security.protocol": "SSL", "ssl.ca.location": ca])
        let url = "kafka://\(address)?tls=true&ca=\(ca)"
        let outcome = try await Self.tail(topic, url: url)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == Self.values)

        // Still an observer over TLS: the tail joined no group (nothing else reads this broker
        // through a group), and --read-only refuses a replay.
        let groups = try await runEvmon(["lag", "--groups", "--format", "json", "--broker", url])
        #expect(groups.exitCode == 0, "\(groups.standardError)")
        #expect(groups.lines.isEmpty, "\(groups.standardOutput)")
        let replay = try await runEvmon(["dlq", "replay", topic, "--partition", "0", "--offset", "0", "--to", topic, "--yes", "--read-only", "--broker", url])
        #expect(replay.exitCode == 2)
        #expect(replay.standardError.contains("write refused"), "\(replay.standardError)")
    }

    @Test func mutualTLSPresentsTheClientCertificateWithItsEncryptedKey() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_KAFKA_MTLS")
        let (ca, cert) = (try Self.certificate("ca.pem"), try Self.certificate("client.pem"))
        let topic = try await Self.written(to: address, clientConfig: [
            "security.protocol": "SSL", "ssl.ca.location": ca, "ssl.certificate.location": cert, "ssl.key.location": try Self.certificate("client.key"),
        ])
        let outcome = try await Self.tail(
            topic, url: "kafka://\(address)?tls=true&ca=\(ca)&cert=\(cert)&key=\(try Self.certificate("client-encrypted.key"))",
            environment: ["EVMON_TLS_KEY_PASSWORD": try TestBrokerGate.variable("EVMON_TEST_CLIENT_KEY_PASSWORD")])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == Self.values)
    }

    @Test func everySASLMechanismWithAndWithoutTLS() async throws {
        let plain = try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL")
        let secured = try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL_SSL")
        let ca = try Self.certificate("ca.pem")
        let credentials = try Self.sasl
        let plainTopic = try await Self.written(to: plain, clientConfig: try Self.rdkafkaSASL("SASL_PLAINTEXT", "SCRAM-SHA-512"))
        let securedTopic = try await Self.written(to: secured, clientConfig: try Self.rdkafkaSASL("SASL_SSL", "SCRAM-SHA-256"))
        for mechanism in ["plain", "scram-sha-256", "scram-sha-512"] {
            let overPlainText = try await Self.tail(plainTopic, url: "kafka://\(plain)?sasl=\(mechanism)", environment: credentials)
            #expect(overPlainText.exitCode == 0, "\(mechanism): \(overPlainText.standardError)")
            #expect(overPlainText.lines == Self.values, "\(mechanism)")
            let overTLS = try await Self.tail(securedTopic, url: "kafka://\(secured)?tls=true&ca=\(ca)&sasl=\(mechanism)", environment: credentials)
            #expect(overTLS.exitCode == 0, "\(mechanism) over TLS: \(overTLS.standardError)")
            #expect(overTLS.lines == Self.values, "\(mechanism) over TLS")
            // Loopback: no warning about a password in clear text.
            #expect(!overPlainText.standardError.contains("warning"))
        }
    }

    /// A profile carries everything: the TLS CA, the mechanism, and a token command evmon runs
    /// itself (an unsecured JWT, as the test broker accepts), so `--profile` is all one types.
    @Test func oauthBearerTokensComeFromTheProfilesTokenCommand() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL_SSL")
        let ca = try Self.certificate("ca.pem")
        let topic = try await Self.written(to: address, clientConfig: try Self.rdkafkaSASL("SASL_SSL", "PLAIN"))
        let folder = try TemporaryFolder()
        let runs = folder.path + "/runs"
        // The command prints a JWT valid for ten minutes, and counts its runs.
        let script = try folder.write("token.sh", """
            #!/bin/sh
            echo run >> "\(runs)"
            b64() { printf '%s' "$1" | base64 | tr -d '=\\n' | tr '/+' '_-'; }
            printf '%s.%s.\\n' "$(b64 '{"alg":"none"}')" "$(b64 "{\\"sub\\":\\"evmon\\",\\"exp\\":$(( $(date +%s) + 600 ))}")"
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let outcome = try await Self.withProfiles("""
              cloud:
                broker: kafka://\(address)
                tls: {ca: \(ca)}
                sasl: oauthbearer
                token_command: \(script)
            """, ["tail", topic, "--from", "earliest", "-e", "--format", "%s\n", "--profile", "cloud"], in: folder)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == Self.values)
        // One token served every connection (bootstrap, the partition leader's fetches).
        #expect(try String(contentsOfFile: runs, encoding: .utf8).split(separator: "\n").count == 1)
    }

    /// Every failure is one line, exit 3, saying which check failed and never the secret.
    @Test func failuresSayWhichCheckFailedOnOneLine() async throws {
        let ca = try Self.certificate("ca.pem")
        let tls = try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS")
        let sasl = try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL")
        let wrongPassword = try Self.sasl.merging(["EVMON_KAFKA_PASSWORD": "not-the-password"]) { $1 }
        let cases: [(url: String, environment: [String: String], expected: String)] = [
            ("kafka://\(tls)?tls=true", [:], "is not trusted: it was issued by CN=evmon test CA, which is not in the system trust store"),
            ("kafka://\(tls)?ca=\(try Self.certificate("other-ca.pem"))", [:], "is not trusted: it was issued by CN=evmon test CA, which is not in ca="),
            ("kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_UNTRUSTED"))?ca=\(ca)", [:], "it was issued by CN=evmon other CA"),
            ("kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_WRONG_HOST"))?ca=\(ca)", [:], "host name mismatch: the certificate of 127.0.0.1:"),
            ("kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_EXPIRED"))?ca=\(ca)", [:], "expired on "),
            ("kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_MTLS"))?ca=\(ca)", [:], "wants a client certificate (give one with cert=FILE&key=FILE)"),
            ("kafka://\(sasl)?sasl=scram-sha-512", wrongPassword, "SCRAM-SHA-512 proof rejected: wrong user name or password"),
            ("kafka://\(sasl)?sasl=plain", wrongPassword, "SASL PLAIN: user name or password rejected"),
            ("kafka://127.0.0.1:1?tls=true&ca=\(ca)", [:], "connection refused"),
        ]
        for (url, environment, expected) in cases {
            let outcome = try await runEvmon(["topics", "--broker", url], environment: environment, timeout: 30)
            #expect(outcome.exitCode == 3, "\(url): \(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1, "\(url): \(outcome.standardError)")
            #expect(outcome.standardError.contains(expected), "\(url): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("not-the-password"))
        }
        let wrongHost = try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_WRONG_HOST")
        let outcome = try await runEvmon(["topics", "--broker", "kafka://\(wrongHost)?ca=\(ca)"], timeout: 30)
        #expect(outcome.standardError.contains("is for wrong.example, not 127.0.0.1"), "\(outcome.standardError)")
    }

    @Test func aFailingTokenCommandIsExitThreeWithItsReason() async throws {
        let outcome = try await Self.withProfiles("""
              cloud:
                broker: kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL"))
                sasl: oauthbearer
                token_command: echo 'the identity provider said no' >&2; exit 4
            """, ["topics", "--profile", "cloud"])
        #expect(outcome.exitCode == 3, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("token command failed: it exited with status 4: the identity provider said no"), "\(outcome.standardError)")
    }

    /// A profile may switch verification off; evmon then connects to the expired certificate's
    /// listener and says on stderr that checks are off.
    @Test func insecureSkipVerifyConnectsAndWarns() async throws {
        let outcome = try await Self.withProfiles("""
              lab:
                broker: kafka://\(try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_EXPIRED"))
                tls: {insecure_skip_verify: true}
            """, ["topics", "--profile", "lab"])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("evmon: warning: TLS certificate checks are off (insecure_skip_verify: true)"))
    }
}

/// The TUI over TLS and SCRAM, the real binary in tmux: `--profile` is all it takes, and a
/// certificate evmon does not trust stops the monitor with the reason instead of retrying.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"), .timeLimit(.minutes(2)))
struct KafkaSecureTerminalTests {
    @Test func theMonitorStreamsOverTLSWithSCRAMFromAProfile() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_KAFKA_SASL_SSL")
        let ca = try KafkaSecurityTests.certificate("ca.pem")
        let credentials = try KafkaSecurityTests.sasl
        let topic = try await KafkaSecurityTests.written(to: address, clientConfig: try KafkaSecurityTests.rdkafkaSASL("SASL_SSL", "SCRAM-SHA-256"))
        let folder = try TemporaryFolder()
        _ = try folder.write("evmon/config.yaml", """
            profiles:
              secure:
                broker: kafka://\(address)
                tls: {ca: \(ca)}
                sasl: {mechanism: scram-sha-512, username: \(credentials["EVMON_KAFKA_USERNAME"]!)}
            """)
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--profile", "secure", topic, "--from", "earliest"], width: 160, height: 40,
            environment: ["NO_COLOR": "1", "XDG_CONFIG_HOME": folder.path, "EVMON_KAFKA_PASSWORD": credentials["EVMON_KAFKA_PASSWORD"]!])
        defer { session.kill() }
        let screen = try await onOwnThread { () throws -> String in
            try session.waitFor(text: "● connected", timeout: 20)
            return try session.waitFor(text: "secret value 2", timeout: 20)
        }
        #expect(screen.contains("Stream · \(topic)"))
        #expect(screen.contains("sasl=scram-sha-512"))
    }

    @Test func anUntrustedCertificateStopsTheMonitorWithItsReason() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_KAFKA_TLS_UNTRUSTED")
        let ca = try KafkaSecurityTests.certificate("ca.pem")
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "kafka://\(address)?ca=\(ca)"], width: 200, height: 40, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        let screen = try await onOwnThread { () throws -> String in
            try session.waitFor(text: "issued by CN=evmon other CA", timeout: 30)
        }
        #expect(screen.contains("✖"))
        #expect(!screen.contains("reconnecting"))
    }
}
