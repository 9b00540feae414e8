import EvmonTestSupport
import Foundation
import Testing

/// NATS over TLS (`tls://`), mutual TLS, NKey users and `.creds` files (operator/JWT mode), on
/// the nats-servers `make test` starts; nats-py writes with the same credentials, evmon reads.
@Suite(.enabled(if: NATSTestServer.enabled, "needs EVMON_TEST_NATS (make test starts nats-server)"))
struct NATSSecurityTests {
    static func certificate(_ name: String) throws -> String { try TestBrokerGate.variable("EVMON_TEST_CERTS") + "/" + name }

    /// Creates a stream and publishes three messages with nats-py, connected as `client` says.
    static func written(to server: String, client: [String: String]) async throws -> String {
        let stream = NATSTestServer.uniqueStream("SECURE")
        try await NATSTestServer.createStream(stream, subjects: ["\(stream).>"], server: server, environment: client)
        let messages = (0..<3).map { NATSTestServer.Message(subject: "\(stream).orders", data: Array("secured \($0)".utf8)) }
        try await NATSTestServer.publish(messages, stream: stream, server: server, environment: client)
        return stream
    }

    static func tail(_ stream: String, url: String, environment: [String: String] = [:]) async throws -> EvmonProcess.Outcome {
        try await runEvmon(["tail", stream, "--from", "earliest", "-e", "--format", "%s\n", "--broker", url], environment: environment)
    }

    static let values = ["secured 0", "secured 1", "secured 2"]

    /// nats-py writes to `server` as `client` says, and evmon at `url` must read exactly that back.
    @discardableResult
    static func readsBack(
        _ server: String, client: [String: String], url: String, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> EvmonProcess.Outcome {
        let stream = try await written(to: server, client: client)
        let outcome = try await tail(stream, url: url, environment: environment)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.lines == values, sourceLocation: sourceLocation)
        return outcome
    }

    @Test func tlsAndMutualTLS() async throws {
        let ca = try Self.certificate("ca.pem")
        let tls = try TestBrokerGate.variable("EVMON_TEST_NATS_TLS")
        try await Self.readsBack(tls, client: ["NATS_TOOL_TLS_CA": ca], url: "tls://\(tls)?ca=\(ca)")

        let mutual = try TestBrokerGate.variable("EVMON_TEST_NATS_MTLS")
        let (cert, key) = (try Self.certificate("client.pem"), try Self.certificate("client.key"))
        try await Self.readsBack(
            mutual, client: ["NATS_TOOL_TLS_CA": ca, "NATS_TOOL_TLS_CERT": cert, "NATS_TOOL_TLS_KEY": key],
            url: "nats://\(mutual)?tls=true&ca=\(ca)&cert=\(cert)&key=\(key)")
        let without = try await runEvmon(["topics", "--broker", "tls://\(mutual)?ca=\(ca)"], timeout: 30)
        #expect(without.exitCode == 3)
        #expect(without.standardError.contains("TLS: \(mutual) wants a client certificate"), "\(without.standardError)")
    }

    @Test func nkeyUsersSignTheServersNonce() async throws {
        let server = try TestBrokerGate.variable("EVMON_TEST_NATS_NKEY")
        let seed = try TestBrokerGate.variable("EVMON_TEST_NATS_NKEY_SEED")
        let outcome = try await Self.readsBack(server, client: ["NATS_TOOL_NKEY_SEED": seed], url: "nats://\(server)", environment: ["EVMON_NATS_NKEY_SEED": seed])
        #expect(!outcome.standardError.contains(seed))

        // A valid seed of another user is refused; the error never shows a seed.
        let stranger = "SUAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H776Y"
        let refused = try await runEvmon(["topics", "--broker", "nats://\(server)"], environment: ["EVMON_NATS_NKEY_SEED": stranger], timeout: 30)
        #expect(refused.exitCode == 3)
        #expect(refused.standardError.contains("authentication failed") && !refused.standardError.contains(stranger))
    }

    @Test func aCredsFileCarriesTheUserJWTAndItsSeed() async throws {
        let server = try TestBrokerGate.variable("EVMON_TEST_NATS_CREDS_ADDR")
        let creds = try TestBrokerGate.variable("EVMON_TEST_NATS_CREDS")
        try await Self.readsBack(server, client: ["NATS_TOOL_CREDS": creds], url: "nats://\(server)", environment: ["EVMON_NATS_CREDS": creds])
    }

    /// A URL that asks for TLS never falls back: against a plain-text server it is exit 3.
    @Test func askingForTLSFromAPlainServerFails() async throws {
        let plain = try NATSTestServer.server()
        let outcome = try await runEvmon(["topics", "--broker", "tls://\(plain)"], timeout: 30)
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError == "evmon: authentication failed at tls://\(plain): TLS: \(plain) does not offer TLS (its INFO has neither tls_required nor tls_available); evmon does not fall back to plain text\n")
    }
}
