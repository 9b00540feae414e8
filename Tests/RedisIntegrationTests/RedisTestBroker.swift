import EvmonTestSupport
import Foundation
import Testing
import EvmonModel
import EvmonBrokers

/// The Redis servers `make test` started (`EVMON_TEST_REDIS`, and `EVMON_TEST_REDIS_AUTH` with
/// its users), and redis-py, the reference client, to write and read what evmon reads and writes.
///
/// Without the variables the tests skip when run ad hoc, and fail under `EVMON_REQUIRE_BROKERS=1`.
enum RedisTestBroker {
    static let gate = TestBrokerGate("EVMON_TEST_REDIS")
    /// Whether the Redis tests run at all: with a server, or when one is required (and then fail).
    static let enabled = gate.enabled

    /// A variable `scripts/test-brokers.sh` exports, or a failure naming it.
    static func variable(_ name: String) throws -> String { try TestBrokerGate.variable(name) }

    /// `host:port` of the plain test server.
    static func hostPort() throws -> String { try gate.hostPort() }

    static func url(_ suffix: String = "") throws -> String { "redis://" + (try hostPort()) + suffix }

    static let scripts = ReferenceScripts(besides: #filePath)

    /// A stream name no other test uses.
    static func uniqueStream(_ stem: String) -> String { TestBrokerGate.uniqueName(stem) }

    /// One command argument for `redis_commands.py`: text, or raw bytes.
    enum Argument: ExpressibleByStringLiteral {
        case text(String)
        case bytes([UInt8])

        init(stringLiteral value: String) { self = .text(value) }

        var json: Any {
            switch self {
            case .text(let text): return text
            case .bytes(let bytes): return ["base64": Data(bytes).base64EncodedString()]
            }
        }
    }

    /// Runs commands through redis-py; returns the replies as JSON values (see the script).
    @discardableResult
    static func redis(_ commands: [[Argument]], address: String? = nil, options: [String] = []) async throws -> [Any] {
        let input = try JSONSerialization.data(withJSONObject: commands.map { $0.map(\.json) })
        let output = try await python("redis_commands.py", [try address ?? hostPort()] + options, input: input)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [Any])
    }

    @discardableResult
    /// XADDs entries (each a list of field/value pairs) with redis-py; returns their ids.
    static func add(_ stream: String, _ entries: [[(String, [UInt8])]], address: String? = nil, options: [String] = []) async throws -> [String] {
        let commands: [[Argument]] = entries.map { fields in
            [.text("XADD"), .text(stream), .text("*")] + fields.flatMap { [Argument.text($0.0), .bytes($0.1)] }
        }
        let replies = try await redis(commands, address: address, options: options)
        return try replies.map { try #require($0 as? String, "XADD answered \($0)") }
    }

    @discardableResult
    /// XADDs `count` entries `n=<index>` to `stream`; returns their ids.
    static func addNumbered(_ stream: String, count: Int, from first: Int = 0, address: String? = nil) async throws -> [String] {
        try await add(stream, (first..<(first + count)).map { [("n", Array(String($0).utf8))] }, address: address)
    }

    static func python(_ script: String, _ arguments: [String], input: Data? = nil) async throws -> Data {
        try await scripts.run(script, arguments, input: input)
    }

    /// Runs evmon against the plain test server, with `environment` added to a clean one.
    static func evmon(
        _ arguments: [String], url: String? = nil, environment: [String: String] = [:], standardInput: String? = nil, timeout: TimeInterval = 60
    ) async throws -> EvmonProcess.Outcome {
        try await runEvmon(arguments + ["--broker", try url ?? Self.url()], environment: environment, standardInput: standardInput, timeout: timeout)
    }

    /// The adapter itself, for what the commands do not show (pending entries with their reasons).
    static func adapter(_ url: String? = nil) throws -> any BrokerAdapter {
        try BrokerFactory.open(BrokerURL(parsing: try url ?? Self.url()))
    }
}

/// A `tail --format json` line, decoded back to bytes.
struct TailedEntry: Equatable, CustomStringConvertible {
    var topic: String
    var partition: Int
    var id: String
    var timestamp: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var fields: [Field]

    struct Field: Equatable {
        var name: String
        var value: [UInt8]?
    }

    init(line: String) throws {
        let object = try TailJSON.object(line)
        topic = try #require(object["topic"] as? String)
        partition = try #require(object["partition"] as? Int)
        id = try #require(object["offset"] as? String, "a Redis offset is an id string: \(line)")
        timestamp = try TailJSON.integer(object["timestamp"])
        key = try TailJSON.bytes(object["key"])
        value = try TailJSON.bytes(object["value"])
        fields = try TailJSON.pairs(object["headers"]).map { Field(name: $0.name, value: $0.value) }
    }

    var description: String { "\(topic)@\(id)" }
}

