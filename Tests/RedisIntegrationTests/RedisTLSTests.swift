import EvmonTestSupport
import Foundation
import Testing

/// `rediss://` against Debian's redis-server with its TLS port (`--tls-port`), with and without
/// client certificates (`--tls-auth-clients yes`); redis-py writes over TLS, evmon reads.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts redis-server)"))
struct RedisTLSTests {
    static func certificate(_ name: String) throws -> String { try TestBrokerGate.variable("EVMON_TEST_CERTS") + "/" + name }

    /// Writes three entries with redis-py over TLS (`options` add the client certificate).
    static func written(to address: String, clientCertificate: Bool) async throws -> String {
        let stream = RedisTestBroker.uniqueStream("tls")
        var options = ["--tls-ca", try certificate("ca.pem")]
        if clientCertificate { options += ["--tls-cert", try certificate("client.pem"), "--tls-key", try certificate("client.key")] }
        try await RedisTestBroker.add(stream, (0..<3).map { [("value", Array("over tls \($0)".utf8))] }, address: address, options: options)
        return stream
    }

    @Test func redissReadsWhatRedisPyWroteOverTLS() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_REDIS_TLS")
        let stream = try await Self.written(to: address, clientCertificate: false)
        let outcome = try await runEvmon(
            ["tail", stream, "--from", "earliest", "-e", "--format", "%s\n", "--broker", "rediss://\(address)?ca=\(try Self.certificate("ca.pem"))"])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == (0..<3).map { #"{"value":"over tls \#($0)"}"# })
    }

    @Test func mutualTLSNeedsTheClientCertificate() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_REDIS_MTLS")
        let ca = try Self.certificate("ca.pem")
        let stream = try await Self.written(to: address, clientCertificate: true)
        let url = "rediss://\(address)?ca=\(ca)&cert=\(try Self.certificate("client.pem"))&key=\(try Self.certificate("client.key"))"
        let outcome = try await runEvmon(["tail", stream, "--from", "earliest", "-e", "--format", "%s\n", "--broker", url])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines == (0..<3).map { #"{"value":"over tls \#($0)"}"# })

        let refused = try await runEvmon(["topics", "--broker", "rediss://\(address)?ca=\(ca)"], timeout: 30)
        #expect(refused.exitCode == 3)
        #expect(refused.standardError == "evmon: authentication failed at rediss://\(address)?ca=\(ca): TLS: \(address) wants a client certificate (give one with cert=FILE&key=FILE)\n")
    }

    @Test func aCertificateFromAnotherAuthorityIsNotTrusted() async throws {
        let address = try TestBrokerGate.variable("EVMON_TEST_REDIS_TLS")
        let otherCA = try Self.certificate("other-ca.pem")
        let outcome = try await runEvmon(["topics", "--broker", "rediss://\(address)?ca=\(otherCA)"], timeout: 30)
        #expect(outcome.exitCode == 3)
        #expect(outcome.standardError.contains("TLS: the certificate of \(address) is not trusted: it was issued by CN=evmon test CA, which is not in ca=\(otherCA)"))
    }
}
