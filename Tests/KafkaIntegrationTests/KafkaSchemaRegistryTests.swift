import EvmonTestSupport
import Foundation
import Testing

/// Schema-framed values on Tansu, written by confluent-kafka's own serializers (AvroSerializer
/// on fastavro, JSONSerializer on jsonschema) through a stand-in for the registry's REST API
/// (no registry server installs here): evmon's decoded JSON must be what the serializers were
/// given, and a registry that is missing, down or refusing leaves raw values with the reason.
///
/// Serialized: each test starts a registry, a Python producer and evmon; seven of each at once,
/// beside Tansu and the other suites on two cores, is load the timing-sensitive suites feel.
@Suite(.serialized, .enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaSchemaRegistryTests {
    /// A registry stand-in and a topic written through it by `produce_framed.py`.
    struct Written {
        var registry: BackgroundScript
        var registryURL: String
        var topic: String
        /// What the script says each message decodes to, in offset order.
        var expected: [[String: Any]]
    }

    static func write(auth: [String] = [], tls: [String] = [], script: String = "produce_framed.py") async throws -> Written {
        let registry = try BackgroundScript(KafkaTestBroker.scripts, "schema_registry.py", (tls.isEmpty ? [] : ["--tls"] + tls) + auth)
        try await registry.waitFor("listening")
        let url = try #require(registry.output.split(separator: "\n").first { $0.hasPrefix("listening ") }).dropFirst("listening ".count)
        let topic = KafkaTestBroker.uniqueTopic("framed")
        var producerURL = String(url)
        if auth.count == 2 { producerURL = producerURL.replacingOccurrences(of: "http://", with: "http://\(auth[0]):\(auth[1])@") }
        let output = try await KafkaTestBroker.python(
            script, [try KafkaTestBroker.bootstrap(), producerURL, topic],
            environment: tls.isEmpty ? [:] : ["REGISTRY_CA": try KafkaSecurityTests.certificate("ca.pem")])
        let expected = try String(decoding: output, as: UTF8.self).split(separator: "\n").map { try TailJSON.object(String($0)) }
        return Written(registry: registry, registryURL: String(url), topic: topic, expected: expected)
    }

    static func tail(_ written: Written, registry: String? = nil, environment: [String: String] = [:]) async throws -> EvmonProcess.Outcome {
        let broker = "kafka://\(try KafkaTestBroker.bootstrap())?schema_registry=\(registry ?? written.registryURL)"
        return try await runEvmon(["tail", written.topic, "--from", "earliest", "-e", "--format", "json", "--broker", broker], environment: environment)
    }

    /// Each line `tail` prints for the topic, beside what the script says it decodes to.
    static func tailedBesideExpected(_ written: Written) async throws -> Zip2Sequence<[[String: Any]], [[String: Any]]> {
        let outcome = try await tail(written)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let lines = try outcome.lines.map { try TailJSON.object($0) }
        #expect(lines.count == written.expected.count)
        return zip(lines, written.expected)
    }

    @Test func decodedValuesAreWhatTheSerializersWereGiven() async throws {
        let written = try await Self.write()
        defer { written.registry.stop() }
        for (line, expected) in try await Self.tailedBesideExpected(written) {
            let decoded = try #require(line["decoded"] as? NSObject, "no decoded member: \(line)")
            // Compared as Foundation objects (bridged both ways): member order aside, numbers exact.
            let wanted = try #require(expected["expected"] as? NSObject)
            #expect(decoded.isEqual(wanted), "offset \(line["offset"] ?? "?"): \(decoded)")
            let schema = try #require(line["schema"] as? [String: Any])
            #expect(schema["type"] as? String == expected["type"] as? String)
            #expect(schema["subject"] as? String == expected["subject"] as? String)
            #expect(schema["version"] as? Int == expected["version"] as? Int, "evolution: each message names its writer's version")
            #expect(schema["error"] == nil)
            // `value` stays the exact framed bytes: magic byte 0, then the id.
            let value = try #require(try TailJSON.bytes(line["value"]))
            #expect(value.first == 0 && value.count > 5)
            if let key = expected["key"] as? String {
                #expect(line["key_decoded"] as? String == key)
                #expect((line["key_schema"] as? [String: Any])?["subject"] as? String == written.topic + "-key")
            }
        }
    }

    /// ProtobufSerializer registers base64 descriptors; the stand-in answers with .proto text, as
    /// a registry does. Imports arrive as references, nested messages by their frame's indexes.
    @Test func protobufValuesAreTheirCanonicalJSON() async throws {
        let written = try await Self.write(script: "produce_protobuf.py")
        defer { written.registry.stop() }
        for (line, expected) in try await Self.tailedBesideExpected(written) {
            let schema = try #require(line["schema"] as? [String: Any])
            #expect(schema["type"] as? String == "PROTOBUF")
            #expect(schema["message"] as? String == expected["message"] as? String)
            let decoded = try #require(line["decoded"] as? NSObject, "\(schema)")
            let wanted = try #require(expected["expected"] as? NSObject)
            #expect(decoded.isEqual(wanted), "\(expected["message"] ?? "?"): \(decoded)")
        }
    }

    @Test func eachSchemaIDIsAskedForOnce() async throws {
        let written = try await Self.write()
        defer { written.registry.stop() }
        let outcome = try await Self.tail(written)
        #expect(outcome.exitCode == 0)
        let asked = written.registry.output.split(separator: "\n").filter { $0.hasPrefix("GET /schemas/ids/") && !$0.hasSuffix("/versions") }
        #expect(!asked.isEmpty)
        #expect(Set(asked).count == asked.count, "repeated lookups: \(asked)")
    }

    @Test func aRegistryThatIsDownLeavesRawValuesAndSaysSo() async throws {
        let written = try await Self.write()
        written.registry.stop()
        let outcome = try await Self.tail(written, registry: "http://127.0.0.1:\(try await KafkaFaultTests.freePort())")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("cannot be reached"))
        #expect(outcome.standardError.components(separatedBy: "cannot be reached").count == 2, "said once: \(outcome.standardError)")
        let lines = try outcome.lines.map { try TailJSON.object($0) }
        #expect(lines.count == written.expected.count)
        for line in lines {
            #expect(line["decoded"] == nil)
            #expect(((line["schema"] as? [String: Any])?["error"] as? String)?.contains("cannot be reached") == true)
        }
    }

    @Test func basicAuthComesFromTheEnvironment() async throws {
        let written = try await Self.write(auth: ["evmon", "s3cret"])
        defer { written.registry.stop() }
        let refused = try await Self.tail(written)
        let refusal = try #require(try refused.lines.first.map { try TailJSON.object($0) })
        #expect(((refusal["schema"] as? [String: Any])?["error"] as? String)?.contains("HTTP 401") == true)
        let allowed = try await Self.tail(written, environment: ["EVMON_SCHEMA_REGISTRY_USER": "evmon", "EVMON_SCHEMA_REGISTRY_PASSWORD": "s3cret"])
        let lines = try allowed.lines.map { try TailJSON.object($0) }
        #expect(lines.count == written.expected.count && lines.allSatisfy { $0["decoded"] != nil })
    }

    /// An https registry: its certificate checked against the profile's `ca`, or refused (and
    /// the values left raw) against the system's trust store.
    @Test func anHTTPSRegistryIsTrustedThroughTheProfilesCA() async throws {
        let written = try await Self.write(tls: [try KafkaSecurityTests.certificate("server.pem"), try KafkaSecurityTests.certificate("server.key")])
        defer { written.registry.stop() }
        #expect(written.registryURL.hasPrefix("https://"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-registry-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("evmon"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            profiles:
              framed:
                broker: kafka://\(try KafkaTestBroker.bootstrap())
                schema_registry: {url: "\(written.registryURL)", ca: "\(try KafkaSecurityTests.certificate("ca.pem"))"}
            """.write(to: folder.appendingPathComponent("evmon/config.yaml"), atomically: true, encoding: .utf8)
        let trusted = try await runEvmon(
            ["tail", written.topic, "--from", "earliest", "-e", "--format", "json", "--profile", "framed"], environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(trusted.exitCode == 0, "\(trusted.standardError)")
        let lines = try trusted.lines.map { try TailJSON.object($0) }
        #expect(lines.count == written.expected.count && lines.allSatisfy { $0["decoded"] != nil }, "\(trusted.standardOutput)")
        let untrusted = try await Self.tail(written)
        let refusal = try #require(try untrusted.lines.first.map { try TailJSON.object($0) })
        #expect(((refusal["schema"] as? [String: Any])?["error"] as? String)?.contains("certificate") == true, "\(refusal)")
    }

    @Test func unknownIDsAndCorruptPayloadsShowRawWithTheReason() async throws {
        let written = try await Self.write()
        defer { written.registry.stop() }
        // Id 99 is in no registry; id 3 (the first Payment version) with its data cut short.
        let hostile: [[UInt8]] = [[0, 0, 0, 0, 99, 0x02], [0, 0, 0, 0, 3, 0x06, 0x70]]
        _ = try await KafkaTestBroker.produce(hostile.map { .init(partition: 0, key: nil, value: $0) }, topic: written.topic)
        let outcome = try await Self.tail(written)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let lines = try outcome.lines.map { try TailJSON.object($0) }
        let errors = lines.suffix(2).map { ($0["schema"] as? [String: Any])?["error"] as? String ?? "" }
        #expect(errors.first?.contains("schema id 99: the registry has no schema with this id") == true, "\(errors)")
        #expect(errors.last?.contains("past the end") == true, "\(errors)")
        #expect(lines.suffix(2).allSatisfy { $0["decoded"] == nil && $0["value"] != nil })
    }
}
