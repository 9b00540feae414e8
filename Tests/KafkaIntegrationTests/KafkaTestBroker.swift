import EvmonTestSupport
import Foundation
import Testing

/// The Tansu broker `make test` started (`EVMON_TEST_KAFKA`), and the reference client scripts.
///
/// Without the variable the tests skip when run ad hoc, and fail under `EVMON_REQUIRE_BROKERS=1`.
enum KafkaTestBroker {
    static let gate = TestBrokerGate("EVMON_TEST_KAFKA")
    /// Whether the Kafka tests run at all: with a broker, or when one is required (and then fail).
    static let enabled = gate.enabled

    /// `host:port` of the test broker.
    static func bootstrap() throws -> String { try gate.hostPort() }

    static func url() throws -> String { "kafka://" + (try bootstrap()) }

    static let scripts = ReferenceScripts(besides: #filePath)

    /// A topic name no other test uses.
    static func uniqueTopic(_ stem: String) -> String { TestBrokerGate.uniqueName(stem) }

    /// Runs a reference-client script with `python3`, returning its standard output.
    @discardableResult
    static func python(_ script: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) async throws -> Data {
        try await scripts.run(script, arguments, input: input, environment: environment)
    }

    /// A message for `produce.py`.
    struct Message {
        var partition: Int
        var key: [UInt8]?
        var value: [UInt8]?
        var headers: [(String, [UInt8]?)] = []
        var timestamp: Int64?

        var json: [String: Any] {
            var object: [String: Any] = [
                "partition": partition,
                "key": key.map { Data($0).base64EncodedString() } ?? NSNull(),
                "value": value.map { Data($0).base64EncodedString() } ?? NSNull(),
                "headers": headers.map { [$0.0, $0.1.map { Data($0).base64EncodedString() } ?? NSNull()] as [Any] },
            ]
            if let timestamp { object["timestamp"] = timestamp }
            return object
        }
    }

    /// Produces `messages` with the reference client; returns each one's (partition, offset).
    @discardableResult
    static func produce(
        _ messages: [Message], topic: String, compression: String = "none", createPartitions: Int? = nil,
        oneByOne: Bool = false, bootstrap: String? = nil, clientConfig: [String: String] = [:]
    ) async throws -> [(Int, Int64)] {
        var arguments = [try bootstrap ?? Self.bootstrap(), topic, compression]
        if let createPartitions { arguments += ["--create", String(createPartitions)] }
        if oneByOne { arguments.append("--one-by-one") }
        let input = try JSONSerialization.data(withJSONObject: messages.map(\.json))
        let environment = clientConfig.isEmpty ? [:] : ["KAFKA_CLIENT_CONFIG": String(decoding: try JSONSerialization.data(withJSONObject: clientConfig), as: UTF8.self)]
        let output = try await python("produce.py", arguments, input: input, environment: environment)
        let landed = try #require(try JSONSerialization.jsonObject(with: output) as? [[Int]])
        return landed.map { ($0[0], Int64($0[1])) }
    }

    /// Runs evmon against the test broker, with `environment` added to a clean one.
    static func evmon(
        _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil, timeout: TimeInterval = 60
    ) async throws -> EvmonProcess.Outcome {
        try await runEvmon(arguments + ["--broker", try url()], environment: environment, standardInput: standardInput, timeout: timeout)
    }
}

