import Foundation

/// A folder of reference-client scripts (confluent-kafka, redis-py, nats-py) that integration
/// tests run with `python3` to write the data evmon reads, or to read back what evmon wrote.
public struct ReferenceScripts: Sendable {
    /// The folder holding the scripts.
    public let folder: URL

    /// The `scripts` folder beside the Swift file that calls this (pass `#filePath`).
    public init(besides filePath: String) {
        folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("scripts")
    }

    /// Runs `python3 SCRIPT ARGUMENTS…` with `input` on its standard input and `environment`
    /// added to the test's (a reference client's TLS or SASL settings), off the cooperative
    /// threads; returns its standard output, or throws `ScriptFailed` with its standard error.
    public func run(_ script: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]) async throws -> Data {
        let path = folder.appendingPathComponent(script).path
        return try await onOwnThread { try Self.runBlocking(path, arguments, input: input, environment: environment) }
    }

    private static func runBlocking(_ path: String, _ arguments: [String], input: Data?, environment: [String: String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        // Input, output and errors each on their own thread: a script that writes a lot before
        // reading all of its input must not deadlock on a full pipe.
        Thread {
            if let input { standardInput.fileHandleForWriting.write(input) }
            try? standardInput.fileHandleForWriting.close()
        }.start()
        let errorText = ThreadedRead(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errorText.wait(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let name = URL(fileURLWithPath: path).lastPathComponent
            throw ScriptFailed(description: "\(name) \(arguments.prefix(4).joined(separator: " ")) exited \(process.terminationStatus): \(stderr)")
        }
        return data
    }
}

/// A reference-client script or a test's helper process failed; the text says how.
public struct ScriptFailed: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Reads a file handle to its end on a thread of its own.
public final class ThreadedRead: @unchecked Sendable {
    // @unchecked: `data` is written by the thread before `done` is signalled, read only after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// Everything read, once the writer closed its end.
    public func wait() -> Data {
        done.wait()
        return data
    }
}

/// Runs blocking work (a child process) on a thread of its own, so it never holds one of the few
/// cooperative threads that the rest of the test needs to make progress.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// `EvmonProcess.run` off the cooperative threads: a test waiting for a child process must not
/// starve the other tests' tasks on a 2-core machine.
public func runEvmon(
    _ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil, timeout: TimeInterval = 60
) async throws -> EvmonProcess.Outcome {
    try await onOwnThread { try EvmonProcess.run(arguments, environment: environment, standardInput: standardInput, timeout: timeout) }
}

/// Decodes the parts of `tail --format json` lines (docs/CLI.md) back to bytes.
public enum TailJSON {
    /// One line as a JSON object.
    public static func object(_ line: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ScriptFailed(description: "not a JSON object: \(line)")
        }
        return object
    }

    /// A JSON string holds UTF-8 bytes; `{"base64": …}` anything else; `null` absence.
    public static func bytes(_ field: Any?) throws -> [UInt8]? {
        switch field {
        case nil, is NSNull:
            return nil
        case let text as String:
            return Array(text.utf8)
        case let object as [String: Any]:
            guard let encoded = object["base64"] as? String, let data = Data(base64Encoded: encoded) else {
                throw ScriptFailed(description: "bad base64 object \(object)")
            }
            return Array(data)
        default:
            throw ScriptFailed(description: "unexpected field \(String(describing: field))")
        }
    }

    /// `headers` as `[name, value]` pairs in wire order.
    public static func pairs(_ field: Any?) throws -> [(name: String, value: [UInt8]?)] {
        guard let pairs = field as? [[Any]] else { throw ScriptFailed(description: "headers are not a list of pairs: \(String(describing: field))") }
        return try pairs.map { pair in
            guard pair.count == 2, let name = pair[0] as? String else { throw ScriptFailed(description: "bad header pair \(pair)") }
            return (name, try bytes(pair[1]))
        }
    }

    /// An integer field (offsets, timestamps).
    public static func integer(_ field: Any?) throws -> Int64 {
        guard let number = field as? NSNumber else { throw ScriptFailed(description: "not a number: \(String(describing: field))") }
        return number.int64Value
    }
}

/// A `tail --format json` line of a broker whose offsets are numbers (Kafka, NATS), decoded
/// back to bytes.
public struct TailedRecord: Equatable, CustomStringConvertible {
    public var topic: String
    public var partition: Int
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [HeaderPair]

    /// One header, as `[name, value]` in the line.
    public struct HeaderPair: Equatable, Sendable {
        public var name: String
        public var value: [UInt8]?

        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }
    }

    public init(topic: String, partition: Int, offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [HeaderPair]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(line: String) throws {
        let object = try TailJSON.object(line)
        guard let topic = object["topic"] as? String, let partition = object["partition"] as? Int else {
            throw ScriptFailed(description: "no topic or partition in \(line)")
        }
        self.topic = topic
        self.partition = partition
        offset = try TailJSON.integer(object["offset"])
        timestamp = try TailJSON.integer(object["timestamp"])
        key = try Self.bytes(object["key"])
        value = try Self.bytes(object["value"])
        guard let pairs = object["headers"] as? [[Any]] else { throw ScriptFailed(description: "no header list in \(line)") }
        headers = try pairs.map { pair in
            guard pair.count == 2, let name = pair[0] as? String else { throw ScriptFailed(description: "bad header pair \(pair) in \(line)") }
            return HeaderPair(name: name, value: try Self.bytes(pair[1]))
        }
    }

    /// `TailJSON.bytes`, and a failure when valid UTF-8 was written as base64 (docs/CLI.md: a string
    /// whenever the bytes are UTF-8).
    public static func bytes(_ field: Any?) throws -> [UInt8]? {
        let bytes = try TailJSON.bytes(field)
        if field is [String: Any], let bytes, String(validating: bytes, as: UTF8.self) != nil {
            throw ScriptFailed(description: "valid UTF-8 written as base64: \(String(decoding: bytes, as: UTF8.self))")
        }
        return bytes
    }

    public var description: String { "\(topic)/\(partition)@\(offset)" }
}
