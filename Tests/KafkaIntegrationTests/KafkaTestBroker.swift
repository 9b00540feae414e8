import EvmonTestSupport
import Foundation
import Testing

/// The Tansu broker `make test` started (`EVMON_TEST_KAFKA`), and the reference client scripts.
///
/// Without the variable the tests skip when run ad hoc, and fail under `EVMON_REQUIRE_BROKERS=1`.
enum KafkaTestBroker {
    static let environment = ProcessInfo.processInfo.environment
    static let address = environment["EVMON_TEST_KAFKA"]
    static let required = environment["EVMON_REQUIRE_BROKERS"] == "1"
    /// Whether the Kafka tests run at all: with a broker, or when one is required (and then fail).
    static let enabled = address != nil || required

    struct Missing: Error, CustomStringConvertible {
        var description: String { "EVMON_TEST_KAFKA is not set but EVMON_REQUIRE_BROKERS=1: start brokers with scripts/test-brokers.sh" }
    }

    /// `host:port` of the test broker.
    static func bootstrap() throws -> String {
        guard let address else { throw Missing() }
        return address
    }

    static func url() throws -> String { "kafka://" + (try bootstrap()) }

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts")

    /// A topic name no other test uses.
    static func uniqueTopic(_ stem: String) -> String {
        "\(stem)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs a reference-client script with `python3`, returning its standard output.
    @discardableResult
    static func python(_ script: String, _ arguments: [String], input: Data? = nil) async throws -> Data {
        try await onOwnThread { try pythonBlocking(script, arguments, input: input) }
    }

    private static func pythonBlocking(_ script: String, _ arguments: [String], input: Data?) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scripts.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        let writer = Thread {
            if let input { standardInput.fileHandleForWriting.write(input) }
            try? standardInput.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(description: "\(script) exited \(process.terminationStatus): \(errorText)")
        }
        return data
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var description: String
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
        oneByOne: Bool = false, bootstrap: String? = nil
    ) async throws -> [(Int, Int64)] {
        var arguments = [try bootstrap ?? Self.bootstrap(), topic, compression]
        if let createPartitions { arguments += ["--create", String(createPartitions)] }
        if oneByOne { arguments.append("--one-by-one") }
        let input = try JSONSerialization.data(withJSONObject: messages.map(\.json))
        let output = try await python("produce.py", arguments, input: input)
        let landed = try #require(try JSONSerialization.jsonObject(with: output) as? [[Int]])
        return landed.map { ($0[0], Int64($0[1])) }
    }

    /// Runs evmon against the test broker, with `environment` added to a clean one.
    static func evmon(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> EvmonProcess.Outcome {
        try await runEvmon(arguments + ["--broker", try url()], environment: environment, timeout: timeout)
    }
}

/// A tail line, decoded back to bytes.
struct TailedRecord: Equatable, CustomStringConvertible {
    var topic: String
    var partition: Int
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [HeaderPair]

    struct HeaderPair: Equatable {
        var name: String
        var value: [UInt8]?
    }

    init(line: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        topic = try #require(object["topic"] as? String)
        partition = try #require(object["partition"] as? Int)
        offset = try #require((object["offset"] as? NSNumber)?.int64Value)
        timestamp = try #require((object["timestamp"] as? NSNumber)?.int64Value)
        key = try Self.bytes(object["key"])
        value = try Self.bytes(object["value"])
        let pairs = try #require(object["headers"] as? [[Any]])
        headers = try pairs.map { HeaderPair(name: try #require($0[0] as? String), value: try Self.bytes($0[1])) }
    }

    /// A JSON string holds UTF-8 bytes; `{"base64": …}` anything else; `null` absence.
    static func bytes(_ field: Any?) throws -> [UInt8]? {
        switch field {
        case nil, is NSNull: return nil
        case let text as String: return Array(text.utf8)
        case let object as [String: Any]:
            let encoded = try #require(object["base64"] as? String)
            let data = try #require(Data(base64Encoded: encoded))
            #expect(String(validating: Array(data), as: UTF8.self) == nil, "valid UTF-8 written as base64")
            return Array(data)
        default:
            throw KafkaTestBroker.ScriptFailed(description: "unexpected field \(String(describing: field))")
        }
    }

    var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// Runs blocking work (a child process) on a thread of its own, so it never holds one of the few
/// cooperative threads that the rest of the test needs to make progress.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// `EvmonProcess.run` off the cooperative threads: a test waiting for a child process must not
/// starve the other tests' tasks on a 2-core machine.
func runEvmon(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> EvmonProcess.Outcome {
    try await onOwnThread { try EvmonProcess.run(arguments, environment: environment, timeout: timeout) }
}
