import EvmonTestSupport
import Foundation
import Testing

/// The nats-servers `make test` started (`EVMON_TEST_NATS`, with JetStream; `…_AUTH` with a user
/// and password; `…_TOKEN_ADDR` with a token), and the nats-py reference scripts.
///
/// Without the variable the tests skip when run ad hoc, and fail under `EVMON_REQUIRE_BROKERS=1`.
enum NATSTestServer {
    static let gate = TestBrokerGate("EVMON_TEST_NATS")
    /// Whether the NATS tests run at all: with a server, or when one is required (and then fail).
    static let enabled = gate.enabled

    /// A variable the test brokers script exports.
    static func variable(_ name: String) throws -> String { try TestBrokerGate.variable(name) }

    /// `host:port` of the JetStream test server.
    static func server() throws -> String { try gate.hostPort() }

    static func url() throws -> String { "nats://" + (try server()) }

    static let scripts = ReferenceScripts(besides: #filePath)

    /// A stream name no other test uses (upper case, as JetStream users write them).
    static func uniqueStream(_ stem: String) -> String { TestBrokerGate.uniqueName(stem, separator: "_", lowercased: false) }

    /// Runs `nats_tool.py SERVER arguments…` (nats-py), returning its standard output.
    @discardableResult
    static func tool(_ arguments: [String], input: Data? = nil, server: String? = nil, environment: [String: String] = [:]) async throws -> Data {
        try await python("nats_tool.py", [try server ?? Self.server()] + arguments, input: input, environment: environment)
    }

    static func python(_ script: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) async throws -> Data {
        try await scripts.run(script, arguments, input: input, environment: environment)
    }

    /// A message for `nats_tool.py publish`.
    struct Message {
        var subject: String
        var data: [UInt8]?
        var headers: [(String, String)] = []

        var json: [String: Any] {
            [
                "subject": subject,
                "data": data.map { Data($0).base64EncodedString() } ?? NSNull(),
                "headers": headers.map { [$0.0, $0.1] },
            ]
        }
    }

    /// Creates `stream` capturing `subjects` (file storage), replacing any stream of that name.
    static func createStream(
        _ stream: String, subjects: [String], duplicateWindowSeconds: Double? = nil, server: String? = nil, environment: [String: String] = [:]
    ) async throws {
        var arguments = ["create", stream, subjects.joined(separator: ",")]
        if let duplicateWindowSeconds { arguments.append(String(duplicateWindowSeconds)) }
        try await tool(arguments, server: server, environment: environment)
    }

    /// Publishes with nats-py (JetStream publish, acknowledged); returns each message's sequence.
    @discardableResult
    static func publish(_ messages: [Message], stream: String, server: String? = nil, environment: [String: String] = [:]) async throws -> [Int64] {
        let input = try JSONSerialization.data(withJSONObject: messages.map(\.json))
        let output = try await tool(["publish", stream], input: input, server: server, environment: environment)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [NSNumber]).map(\.int64Value)
    }

    /// The stream's messages as nats-py reads them back (`js.get_msg`).
    static func read(_ stream: String) async throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: try await tool(["read", stream])) as? [[String: Any]])
    }

    /// Every consumer of the stream as the server reports it.
    static func consumers(_ stream: String) async throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: try await tool(["consumers", stream])) as? [[String: Any]])
    }

    /// Waits until evmon's own consumer reads `stream` (its tail has started), up to 20 s.
    static func waitForEvmonConsumer(on stream: String, server: String? = nil) async throws {
        for _ in 0..<100 {
            let consumers = try JSONSerialization.jsonObject(with: try await tool(["consumers", stream], server: server)) as? [[String: Any]] ?? []
            if consumers.contains(where: { ($0["name"] as? String)?.hasPrefix("evmon_") == true }) { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ScriptFailed(description: "evmon never started reading \(stream)")
    }

    /// Runs evmon against the test server, with `environment` added to a clean one.
    static func evmon(
        _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil, timeout: TimeInterval = 60
    ) async throws -> EvmonProcess.Outcome {
        try await runEvmon(arguments + ["--broker", try url()], environment: environment, standardInput: standardInput, timeout: timeout)
    }

    /// A port nothing listens on (bound and released).
    static func freePort() async throws -> Int {
        let output = try await python("free_port.py", [])
        return try #require(Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}

