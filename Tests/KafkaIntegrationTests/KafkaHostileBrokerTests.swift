import EvmonTestSupport
import Foundation
import Testing

/// A scripted hostile Kafka broker (`scripts/hostile_kafka.py`): real wire protocol at old,
/// non-flexible versions, answering with batches at base offset 2⁶³ − 1, offsets of ±2⁶³, a
/// partition listed twice, fetches that never advance or always fail, a million aborted
/// transactions, and a zstd bomb. Whatever the broker says, evmon ends on its own, with exit 0
/// or a one-line exit 3 naming the partition, never a trap, a hang or a runaway memory.
/// Needs only python3 (and GNU time for the memory bounds; `zstandard` for the bomb), no Tansu.
@Suite(.timeLimit(.minutes(4)))
struct KafkaHostileBrokerTests {
    static let script = KafkaTestBroker.scripts.folder.appendingPathComponent("hostile_kafka.py").path

    /// `hostile_kafka.py SCENARIO 0`, listening; kill the process when done.
    static func start(_ scenario: String) async throws -> (Process, String) {
        try await startHostileServer(script, scheme: "kafka", scenario: scenario)
    }

    /// The fake itself is sound: its ordinary broker (the `long-name` scenario's) lists T with
    /// one partition of three messages and serves offsets 0…2, so a failure in the hostile tests
    /// is evmon's, not the fake's.
    @Test func thePlainFakeServesAnOrdinaryTopic() async throws {
        let (server, url) = try await Self.start("long-name")
        defer { server.killIfRunning() }
        let tail = try await runHostile(["tail", "T", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0]) else { return }
        #expect(try tail.lines.map { try TailedRecord(line: $0).description } == ["T/0@0", "T/0@1", "T/0@2"], "\(tail.standardOutput)")
        let topics = try await runHostile(["topics", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(topics, exitCodes: [0]) else { return }
        #expect(topics.lines == [#"{"topic":"T","partitions":1,"messages":3}"#], "\(topics.standardOutput)")
    }

    /// `base-offset-max`: every fetch answers one valid batch whose base offset is 2⁶³ − 1 with
    /// a last offset delta of 3 (its next offset overflows): exit 3 naming T/0, every stderr
    /// line evmon's own.
    @Test func aBatchAtBaseOffsetInt64MaxFailsThePartition() async throws {
        let (server, url) = try await Self.start("base-offset-max")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "T", "--from", "earliest", "-e", "--broker", url], timeout: 30)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        let lines = outcome.standardError.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("evmon: ") }, "\(outcome.standardError)")
        #expect(lines.contains { $0.contains("T/0") }, "names the partition: \(outcome.standardError)")
    }

    /// `extreme-offsets`: T/0 and T/1 run from −2⁶³ to 2⁶³ − 1 (time lookups answer 2⁶³ − 1
    /// too), fetches are empty with a high watermark of 2⁶³ − 1, and group g committed 0 on
    /// both: every command ends with 0 or 3 (naming T/0 when 3), no trap.
    @Test(arguments: [
        ["topics"], ["topics", "--format", "json"], ["lag"], ["lag", "--format", "json"],
        ["tail", "T", "--from", "-5", "-e"], ["tail", "T", "--from", "earliest", "-e"], ["tail", "T", "--from", "@1764115200000", "-e"],
    ])
    func offsetsAtTheEndsOfInt64EndCleanly(command: [String]) async throws {
        let (server, url) = try await Self.start("extreme-offsets")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(command + ["--broker", url], timeout: 40)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        if outcome.exitCode == 3 && command.first == "tail" {
            #expect(outcome.standardError.contains("T/0"), "names the partition: \(outcome.standardError)")
        }
    }

    /// `duplicate-partition`: Metadata lists T/0 twice (and T/1 once): `topics` counts two
    /// partitions, and tail prints each offset of each partition exactly once.
    @Test func aPartitionListedTwiceIsReadOnce() async throws {
        let (server, url) = try await Self.start("duplicate-partition")
        defer { server.killIfRunning() }
        let topics = try await runHostile(["topics", "--format", "json", "--broker", url], timeout: 30)
        if expectCleanEnd(topics, exitCodes: [0]) {
            let row = try #require(topics.lines.first, "no row: \(topics.standardError)")
            let object = try TailJSON.object(row)
            #expect(object["topic"] as? String == "T" && object["partitions"] as? Int == 2, "\(topics.standardOutput)")
        }
        let tail = try await runHostile(["tail", "T", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 30)
        guard expectCleanEnd(tail, exitCodes: [0]) else { return }
        let read = try tail.lines.map { try TailedRecord(line: $0).description }
        #expect(read.sorted() == ["T/0@0", "T/0@1", "T/0@2", "T/1@0", "T/1@1", "T/1@2"], "\(tail.standardOutput)")
    }

    /// `never-advances`: every fetch answers the same batch holding offsets 0 and 1 below a high
    /// watermark of 10, whatever offset is asked: evmon prints 0 and 1, then exits 3 naming T/0
    /// (no progress) instead of asking for offset 2 for ever.
    @Test func aFetchThatNeverAdvancesEndsWithExit3() async throws {
        let (server, url) = try await Self.start("never-advances")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "T", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 40)
        guard expectCleanEnd(outcome, exitCodes: [3]) else { return }
        #expect(try outcome.lines.map { try TailedRecord(line: $0).description } == ["T/0@0", "T/0@1"], "\(outcome.standardOutput)")
        #expect(outcome.standardError.contains("T/0"), "names the partition: \(outcome.standardError)")
    }

    /// `retriable-forever` and `leader-not-available`: every fetch of T/0 answers error 3
    /// (UNKNOWN_TOPIC_OR_PARTITION) or 5 (LEADER_NOT_AVAILABLE) while Metadata keeps listing T:
    /// tail and check both give up with exit 3 instead of retrying for ever.
    @Test(arguments: ["retriable-forever", "leader-not-available"])
    func aRetriableFetchErrorForeverEndsWithExit3(scenario: String) async throws {
        let (server, url) = try await Self.start(scenario)
        defer { server.killIfRunning() }
        let watches = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-hostile-watches-\(UUID().uuidString).yaml")
        try "watches:\n  - name: T is JSON with n\n    topic: T\n    require: [n]\n".write(to: watches, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: watches) }
        // Both at once: each may take its whole bound.
        async let tailRun = runHostile(["tail", "T", "--from", "earliest", "-e", "--broker", url], timeout: 50)
        async let checkRun = runHostile(
            ["check", "--watches", watches.path, "--until", "60s", "--from", "earliest", "--broker", url], timeout: 50)
        let (tail, check) = try await (tailRun, checkRun)
        if expectCleanEnd(tail, exitCodes: [3]) {
            #expect(tail.standardError.contains("T/0"), "names the partition: \(tail.standardError)")
        }
        expectCleanEnd(check, exitCodes: [3])
    }

    /// `aborted-million`: the fetch answer for T/0 lists 1,000,000 aborted transactions besides
    /// an ordinary batch of offsets 0…2: tail ends (0, or 3) within its bounds of time and memory,
    /// printing the offsets as they are.
    @Test func aMillionAbortedTransactionsStayWithinTimeAndMemory() async throws {
        let (server, url) = try await Self.start("aborted-million")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", "T", "--from", "earliest", "-e", "--format", "json", "--broker", url], timeout: 40)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        expectPeak(outcome, belowMiB: 400)
        if outcome.exitCode == 0 {
            #expect(try outcome.lines.map { try TailedRecord(line: $0).description } == ["T/0@0", "T/0@1", "T/0@2"], "\(outcome.standardOutput)")
        } else {
            #expect(outcome.standardError.contains("T/0"), "names the partition: \(outcome.standardError)")
        }
    }

    /// `long-name`: an ordinary broker, asked for a topic of 40,000 characters (more than a
    /// Kafka string's int16 length holds): refused with exit 2 and one short line, never sent.
    @Test func aTopicNameTooLongForTheWireIsRefused() async throws {
        let (server, url) = try await Self.start("long-name")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(["tail", String(repeating: "a", count: 40_000), "-e", "--broker", url], timeout: 30)
        guard expectCleanEnd(outcome, exitCodes: [2]) else { return }
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(outcome.standardError.prefix(500))")
        #expect(lines.first?.hasPrefix("evmon: ") == true, "\(outcome.standardError.prefix(500))")
        #expect((lines.first?.count ?? 0) < 400, "\(lines.first?.count ?? 0) characters: \(outcome.standardError.prefix(500))")
    }

    /// `zstd-bomb`: each fetch answers 40 zstd batches that each inflate a few KB into 48 MiB
    /// (12 records of 4 MiB), 480 records in all: tail ends (0, or 3) within two minutes and
    /// 700 MiB of peak memory. Offsets only: what is measured is decompression and memory, not
    /// writing 2 GB of JSON from a debug build. `make deps` installs zstandard; its absence fails.
    @Test func aZstdBombStaysWithinTimeAndMemory() async throws {
        #expect(Self.hasZstandard, "the python module zstandard is missing (make deps installs it)")
        let (server, url) = try await Self.start("zstd-bomb")
        defer { server.killIfRunning() }
        let outcome = try await runHostile(
            ["tail", "T", "--from", "earliest", "-e", "--format", "%o\\n", "--broker", url], timeout: 150, keepStandardOutput: false)
        guard expectCleanEnd(outcome, exitCodes: [0, 3]) else { return }
        expectPeak(outcome, belowMiB: 700)
    }

    /// Whether `python3 -c 'import zstandard'` works (the bomb's compressor).
    static let hasZstandard: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import zstandard"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
