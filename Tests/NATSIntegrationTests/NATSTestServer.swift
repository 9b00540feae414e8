import EvmonTestSupport
import Foundation
import Testing

/// The nats-servers `make test` started (`EVMON_TEST_NATS`, with JetStream; `…_AUTH` with a user
/// and password; `…_TOKEN_ADDR` with a token), and the nats-py reference scripts.
///
/// Without the variable the tests skip when run ad hoc, and fail under `EVMON_REQUIRE_BROKERS=1`.
enum NATSTestServer {
    static let environment = ProcessInfo.processInfo.environment
    static let address = environment["EVMON_TEST_NATS"]
    static let required = environment["EVMON_REQUIRE_BROKERS"] == "1"
    /// Whether the NATS tests run at all: with a server, or when one is required (and then fail).
    static let enabled = address != nil || required

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set but EVMON_REQUIRE_BROKERS=1: start brokers with scripts/test-brokers.sh" }
    }

    /// A variable the test brokers script exports.
    static func variable(_ name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    /// `host:port` of the JetStream test server.
    static func server() throws -> String { try variable("EVMON_TEST_NATS") }

    static func url() throws -> String { "nats://" + (try server()) }

    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts")

    /// A stream name no other test uses (upper case, as JetStream users write them).
    static func uniqueStream(_ stem: String) -> String {
        "\(stem)_\(UUID().uuidString.prefix(8))"
    }

    /// Runs `nats_tool.py SERVER arguments…` (nats-py), returning its standard output.
    @discardableResult
    static func tool(_ arguments: [String], input: Data? = nil, server: String? = nil) async throws -> Data {
        try await python("nats_tool.py", [try server ?? Self.server()] + arguments, input: input)
    }

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
        let errorReader = ThreadedRead(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errorReader.wait(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(description: "\(script) \(arguments.dropFirst().prefix(3)) exited \(process.terminationStatus): \(errorText)")
        }
        return data
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var description: String
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
    static func createStream(_ stream: String, subjects: [String], duplicateWindowSeconds: Double? = nil, server: String? = nil) async throws {
        var arguments = ["create", stream, subjects.joined(separator: ",")]
        if let duplicateWindowSeconds { arguments.append(String(duplicateWindowSeconds)) }
        try await tool(arguments, server: server)
    }

    /// Publishes with nats-py (JetStream publish, acknowledged); returns each message's sequence.
    @discardableResult
    static func publish(_ messages: [Message], stream: String, server: String? = nil) async throws -> [Int64] {
        let input = try JSONSerialization.data(withJSONObject: messages.map(\.json))
        let output = try await tool(["publish", stream], input: input, server: server)
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
    static func evmon(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> EvmonProcess.Outcome {
        try await runEvmon(arguments + ["--broker", try url()], environment: environment, timeout: timeout)
    }

    /// A port nothing listens on (bound and released).
    static func freePort() async throws -> Int {
        let output = try await python("free_port.py", [])
        return try #require(Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}

/// Reads a pipe to its end on a thread of its own (so a chatty stderr cannot block stdout).
final class ThreadedRead: @unchecked Sendable {
    // @unchecked: `data` is written by the thread before `done` is signalled, read only after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Runs blocking work (a child process) on a thread of its own, so it never holds one of the few
/// cooperative threads the rest of the test needs.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// `EvmonProcess.run` off the cooperative threads.
func runEvmon(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> EvmonProcess.Outcome {
    try await onOwnThread { try EvmonProcess.run(arguments, environment: environment, timeout: timeout) }
}

/// A `tail --format json` line, decoded back to bytes.
struct TailedRecord: Equatable, CustomStringConvertible {
    var topic: String
    var partition: Int
    var offset: Int64
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [Pair]

    struct Pair: Equatable {
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
        headers = try pairs.map { Pair(name: try #require($0[0] as? String), value: try Self.bytes($0[1])) }
    }

    /// A JSON string holds UTF-8 bytes; `{"base64": …}` anything else; `null` absence.
    static func bytes(_ field: Any?) throws -> [UInt8]? {
        switch field {
        case nil, is NSNull: return nil
        case let text as String: return Array(text.utf8)
        case let object as [String: Any]:
            let encoded = try #require(object["base64"] as? String)
            let data = try #require(Data(base64Encoded: encoded))
            return Array(data)
        default:
            throw NATSTestServer.ScriptFailed(description: "unexpected field \(String(describing: field))")
        }
    }

    var description: String { "\(topic)[\(partition)]@\(offset)" }
}
