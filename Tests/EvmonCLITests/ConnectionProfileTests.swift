import EvmonTestSupport
import Foundation
import Testing

/// `--profile` and what a profile carries for real clusters (`tls`, `sasl`, `token_command`),
/// and the warnings about unsafe connections. Brokers here are unreachable on purpose: what is
/// checked happens before, or without, a connection.
@Suite struct ConnectionProfileTests {
    @Test func profileNamesTheBrokerAndBeatsTheEnvironment() throws {
        let folder = try configFolder("profiles:\n  pinned:\n    broker: \"\(pinnedDemo)\"\n")
        let viaProfile = try evmon("tail", "orders", "--from", "earliest", "--count", "1", "--format", "json", "--profile", "pinned",
                                   environment: ["XDG_CONFIG_HOME": folder, "EVMON_BROKER": "demo://?seed=99"])
        let viaFlag = try evmon("tail", "orders", "--from", "earliest", "--count", "1", "--format", "json", "--broker", pinnedDemo)
        #expect(viaProfile.exitCode == 0, "\(viaProfile.standardError)")
        #expect(viaProfile.lines == viaFlag.lines && !viaFlag.lines.isEmpty)
    }

    @Test(arguments: [
        (["--profile", "nope"], "--profile: no profile 'nope' in", 2),
        (["--profile", "staging", "--broker", "demo://"], "--broker and --profile both name a broker; give one", 2),
    ])
    func badProfileChoicesAreUsageErrors(arguments: [String], fragment: String, code: Int32) throws {
        let folder = try configFolder("profiles:\n  staging:\n    broker: kafka://127.0.0.1:1\n")
        let outcome = try EvmonProcess.run(["topics"] + arguments, environment: ["XDG_CONFIG_HOME": folder])
        expectOneLineError(outcome, code: code, mentioning: fragment)
        if arguments.contains("nope") { #expect(outcome.standardError.contains("(it has staging)")) }
    }

    @Test(arguments: [
        ("    tls: {ca: /x, cert: /c}\n", "cert= needs key="),
        ("    tls: {capath: /x}\n", "unknown key 'capath' in tls"),
        ("    tls: maybe\n", "tls must be true, false or a mapping"),
        ("    sasl: gssapi\n", "sasl mechanism must be plain, scram-sha-256, scram-sha-512, oauthbearer"),
        ("    sasl: {mechanism: plain, user: x}\n", "unknown key 'user' in sasl"),
        ("    token_command: \"\"\n", "token_command must be a command line"),
    ])
    func brokenSecuritySettingsNameTheLine(setting: String, fragment: String) throws {
        let folder = try configFolder("profiles:\n  staging:\n    broker: kafka://127.0.0.1:1\n" + setting)
        let outcome = try evmon("topics", "--profile", "staging", environment: ["XDG_CONFIG_HOME": folder])
        expectOneLineError(outcome, code: 2, mentioning: fragment)
        #expect(outcome.standardError.contains("config.yaml:"))
    }

    @Test(arguments: [
        ("profiles:\n  r:\n    broker: redis://127.0.0.1:1\n    sasl: plain\n", "sasl: is for kafka:// brokers"),
        ("profiles:\n  k:\n    broker: kafka://127.0.0.1:1\n    token_command: echo t\n", "token_command is for sasl: oauthbearer"),
        ("profiles:\n  k:\n    broker: kafka://127.0.0.1:1?sasl=plain\n    sasl: scram-sha-512\n", "its URL says sasl=plain and its sasl: says scram-sha-512"),
        ("profiles:\n  k:\n    broker: demo://\n    tls: true\n", "the demo broker has no connection to secure"),
    ])
    func settingsThatContradictTheirBrokerAreUsageErrors(yaml: String, fragment: String) throws {
        let folder = try configFolder(yaml)
        let name = yaml.components(separatedBy: "\n")[1].trimmingCharacters(in: .whitespaces).dropLast()
        let outcome = try evmon("topics", "--profile", String(name), environment: ["XDG_CONFIG_HOME": folder])
        expectOneLineError(outcome, code: 2, mentioning: fragment)
    }

    @Test func tlsFilesAreReadUpFrontAndAnEncryptedKeyNeedsItsPassphrase() throws {
        let missing = try evmon("topics", "--broker", "kafka://127.0.0.1:1?tls=true&ca=/no/such/ca.pem")
        expectOneLineError(missing, code: 2, mentioning: "ca=/no/such/ca.pem: no such file")
        let folder = try TemporaryFolder()
        let notPEM = try folder.write("ca.pem", "hello")
        let garbage = try evmon("topics", "--broker", "kafka://127.0.0.1:1?ca=\(notPEM)")
        expectOneLineError(garbage, code: 2, mentioning: "no PEM certificate in the file")
        let key = try folder.write("key.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n")
        let cert = try folder.write("cert.pem", "x")
        let encrypted = try evmon("topics", "--broker", "rediss://127.0.0.1:1?cert=\(cert)&key=\(key)")
        expectOneLineError(encrypted, code: 2, mentioning: "no PEM certificate")
    }

    /// A password in clear text to a host off this machine: one warning line, then evmon goes on
    /// (and here fails to connect, 192.0.2.1 being a documentation address).
    @Test func aPasswordWithoutTLSOffLoopbackIsWarnedAbout() throws {
        let outcome = try evmon(
            "topics", "--broker", "kafka://192.0.2.1:9092?sasl=plain",
            environment: ["EVMON_KAFKA_USERNAME": "u", "EVMON_KAFKA_PASSWORD": "hunter2"], timeout: 60)
        #expect(outcome.exitCode == 3)
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.first == "evmon: warning: the SASL PLAIN password goes to 192.0.2.1:9092 without TLS: anyone on the network can read it (add tls=true)")
        #expect(lines.count == 2 && !outcome.standardError.contains("hunter2"))
        let loopback = try evmon(
            "topics", "--broker", "kafka://127.0.0.1:1?sasl=plain", environment: ["EVMON_KAFKA_USERNAME": "u", "EVMON_KAFKA_PASSWORD": "p"])
        #expect(!loopback.standardError.contains("warning"))
    }

    @Test func secretsInTheURLAreRefused() throws {
        let outcome = try evmon("topics", "--broker", "redis://user:hunter2@127.0.0.1:1")
        expectOneLineError(outcome, code: 2, mentioning: "broker URL 'redis://user:…@127.0.0.1:1': put the password in EVMON_REDIS_PASSWORD, not in the URL")
        #expect(!outcome.standardError.contains("hunter2"))
    }
}
