import EvmonTestSupport
import Foundation
import Testing
import EvmonModel
import EvmonDeadLetters

/// `evmon dlq list` and `dlq replay` on Tansu: the reference client (confluent-kafka) writes dead
/// letters as each producer convention does, and reads back what a replay wrote.
@Suite(.enabled(if: KafkaTestBroker.enabled, "needs EVMON_TEST_KAFKA (make test starts Tansu)"))
struct KafkaDeadLetterTests {
    /// docs/CLI.md's `dlq list` line, key for key.
    static let listShape: Set<String> = [
        "dlqTopic", "partition", "offset", "timestamp", "key", "value", "headers", "originalTopic",
        "originalPartition", "originalOffset", "reason", "exception", "convention", "replayed",
    ]

    /// `dlq list --format json` (of every recognised DLQ topic when `topics` is empty), each line
    /// checked against docs/CLI.md's shape.
    static func list(_ topics: [String], state: ReplayState = ReplayState()) async throws -> [[String: Any]] {
        let outcome = try await KafkaTestBroker.evmon(["dlq", "list"] + topics + ["--format", "json"], environment: state.environment)
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        let entries = try jsonObjects(outcome.standardOutput)
        for entry in entries { #expect(Set(entry.keys) == listShape, "\(entry)") }
        return entries
    }

    static func replay(_ deadLetter: PlantedDeadLetter, _ options: [String], state: ReplayState) async throws -> EvmonProcess.Outcome {
        try await KafkaTestBroker.evmon(
            ["dlq", "replay", deadLetter.dlqTopic, "--partition", String(deadLetter.dlqPartition), "--offset", String(deadLetter.dlqOffset)]
                + options,
            environment: state.environment)
    }

    /// Plants dead letters of every fixture at once: seven topics one after the other would take seconds.
    static func plantEvery(_ fixtures: [DeadLetterFixture]) async throws -> [PlantedDeadLetter] {
        try await withThrowingTaskGroup(of: [PlantedDeadLetter].self) { group in
            for fixture in fixtures { group.addTask { try await PlantedDeadLetter.plant(fixture) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test func listDecodesEveryConventionTheReferenceClientWrote() async throws {
        let planted = try await Self.plantEvery(DeadLetterFixture.allCases)
        let entries = try await Self.list(Array(Set(planted.map(\.dlqTopic))))
        #expect(entries.count == planted.count)
        for deadLetter in planted {
            let found = entries.filter { $0["dlqTopic"] as? String == deadLetter.dlqTopic && $0["offset"] as? Int == Int(deadLetter.dlqOffset) }
            let entry = try #require(found.count == 1 ? found.first : nil, "\(deadLetter.fixture) \(deadLetter.id): \(found)")
            let fixture = deadLetter.fixture
            #expect(entry["convention"] as? String == fixture.conventionName, "\(fixture)")
            #expect(entry["partition"] as? Int == deadLetter.dlqPartition)
            #expect((entry["timestamp"] as? NSNumber)?.int64Value == deadLetter.timestamp)
            #expect(try TailedRecord.bytes(entry["key"]) == deadLetter.key, "\(fixture)")
            #expect(try TailedRecord.bytes(entry["value"]) == deadLetter.value, "\(fixture)")
            let headers = try #require(entry["headers"] as? [[Any]]).map {
                TailedRecord.HeaderPair(name: try #require($0[0] as? String), value: try TailedRecord.bytes($0[1]))
            }
            #expect(headers == deadLetter.message(partition: 1).headers.map { .init(name: $0.0, value: $0.1) }, "\(fixture)")
            // Spring's repeated origin headers: the first (the true origin) wins.
            #expect(entry["originalTopic"] as? String == deadLetter.originalTopic, "\(fixture)")
            #expect(entry["originalPartition"] as? Int == deadLetter.originalPartition, "\(fixture)")
            #expect((entry["originalOffset"] as? NSNumber)?.int64Value == deadLetter.originalOffset, "\(fixture)")
            if !fixture.namesOrigin {
                #expect(entry["originalPartition"] is NSNull && entry["originalOffset"] is NSNull)
            }
            #expect(entry["reason"] as? String == fixture.reason, "\(fixture)")
            #expect(entry["exception"] as? String == fixture.exception, "\(fixture)")
            if fixture.reason == nil { #expect(entry["reason"] is NSNull && entry["exception"] is NSNull, "\(fixture)") }
            #expect(entry["replayed"] as? Bool == false)
        }
        // Without topics, names and headers decide: Connect's and Karafka's freely named DLQs are
        // found by the headers of their newest message.
        let listed = Set(try await Self.list([]).compactMap { $0["dlqTopic"] as? String })
        #expect(Set(planted.map(\.dlqTopic)).isSubset(of: listed))
        // The original topics hold ordinary messages: not dead-letter queues.
        #expect(Set(planted.map(\.originalTopic)).isDisjoint(with: listed))
    }

    @Test(arguments: DeadLetterFixture.allCases.filter(\.namesOrigin))
    func replayLandsOnTheOriginalPartitionWithTheOriginalBytes(fixture: DeadLetterFixture) async throws {
        let planted = try await PlantedDeadLetter.plant(fixture)
        let dlq = planted[0].dlqTopic
        let original = planted[0].originalTopic
        let state = ReplayState()
        let queued = try await ReferencePartition.read(dlq, partition: 1)
        // The JSON one and the binary one; the third stays unreplayed.
        for deadLetter in planted.prefix(2) {
            let originalPartition = try #require(deadLetter.originalPartition)
            let started = Date()
            let outcome = try await Self.replay(deadLetter, ["--yes", "--format", "json"], state: state)
            let finished = Date()
            #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
            #expect(outcome.standardError.isEmpty)
            // The plan as it went out, then where it landed.
            let lines = try jsonObjects(outcome.standardOutput)
            try #require(lines.count == 2, "\(outcome.standardOutput)")
            #expect(lines[0]["dryRun"] as? Bool == false)
            #expect(lines[0]["route"] as? String == "original")
            #expect(lines[0]["partition"] as? Int == originalPartition)
            #expect(lines[1]["outcome"] as? String == "replayed")
            #expect(lines[1]["from"] as? String == deadLetter.id)
            #expect(lines[1]["topic"] as? String == original)
            #expect(lines[1]["partition"] as? Int == originalPartition)
            let offset = try #require((lines[1]["offset"] as? NSNumber)?.int64Value)

            let landed = try await ReferencePartition.read(original, partition: originalPartition)
            let copies = landed.messages.filter { $0.header(DeadLetterHeaders.replayOf) == deadLetter.id }
            let copy = try #require(copies.count == 1 ? copies.first : nil, "\(fixture) \(deadLetter.id): \(copies.count) copies")
            #expect(copy.offset == offset)
            #expect(copy.key == deadLetter.key)
            #expect(copy.value == deadLetter.value, "\(fixture): not byte for byte")
            // The application's headers in order, none of the DLQ's, then the replay's own two.
            #expect(Array(copy.headers.dropLast(2)) == deadLetter.applicationHeaders, "\(fixture): \(copy.headers.map(\.name))")
            #expect(copy.headers.suffix(2).map(\.name) == [DeadLetterHeaders.replayOf, DeadLetterHeaders.replayAt])
            let replayedAt = try #require(Self.iso8601(copy.header(DeadLetterHeaders.replayAt)), "\(copy.header(DeadLetterHeaders.replayAt) ?? "nil")")
            #expect(replayedAt >= started.addingTimeInterval(-1) && replayedAt <= finished.addingTimeInterval(1))

            // The audit log names the attempt before and the position the broker returned after.
            let attempt = try state.auditLog().filter { $0["dlqOffset"] as? Int == Int(deadLetter.dlqOffset) }
            try #require(attempt.count == 2, "\(attempt)")
            #expect(attempt.map { $0["event"] as? String } == ["sending", "replayed"])
            #expect(attempt[0]["attempt"] as? String == attempt[1]["attempt"] as? String)
            #expect(attempt[0]["dlqTopic"] as? String == dlq && attempt[0]["dlqPartition"] as? Int == deadLetter.dlqPartition)
            #expect(attempt[0]["topic"] as? String == original && attempt[0]["partition"] as? Int == originalPartition)
            #expect(attempt[1]["topic"] as? String == original && attempt[1]["partition"] as? Int == originalPartition)
            #expect((attempt[1]["offset"] as? NSNumber)?.int64Value == copy.offset)
        }
        #expect(try await ReferencePartition.ends(original, partitions: 3) == [0, 0, 2], "one copy each, nothing else")

        let entries = try await Self.list([dlq], state: state)
        let marks = entries.map { ($0["offset"] as? Int ?? -1, $0["replayed"] as? Bool) }.sorted { $0.0 < $1.0 }
        #expect(marks.map(\.0) == planted.map { Int($0.dlqOffset) })
        #expect(marks.map(\.1) == [true, true, false])
        try await Self.expectUntouched(dlq, as: queued)
    }

    /// The dead letters are all still there (nothing deleted, the earliest still readable) and no
    /// consumer group reads the DLQ (evmon committed nothing).
    static func expectUntouched(_ dlq: String, as queued: ReferencePartition, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let after = try await ReferencePartition.read(dlq, partition: 1)
        #expect(after.low == queued.low && after.high == queued.high, sourceLocation: sourceLocation)
        #expect(after.messages.map(\.offset) == queued.messages.map(\.offset), sourceLocation: sourceLocation)
        #expect(after.messages.map(\.value) == queued.messages.map(\.value), sourceLocation: sourceLocation)
        let lag = try await KafkaTestBroker.evmon(["lag", "--format", "json"])
        #expect(lag.exitCode == 0, "stderr: \(lag.standardError)", sourceLocation: sourceLocation)
        #expect(try jsonObjects(lag.standardOutput).allSatisfy { $0["topic"] as? String != dlq }, sourceLocation: sourceLocation)
    }

    static func iso8601(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    @Test func aKeyedNameOnlyDeadLetterLandsWhereMurmur2PutsItsKey() async throws {
        let planted = try await PlantedDeadLetter.plant(.nameOnly, count: 2)
        let state = ReplayState()
        for deadLetter in planted {
            let key = try #require(deadLetter.key)
            let expected = Murmur2Partitioner.partition(forKey: key, partitionCount: 3)
            let outcome = try await Self.replay(deadLetter, ["--yes", "--format", "json"], state: state)
            #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
            let lines = try jsonObjects(outcome.standardOutput)
            try #require(lines.count == 2, "\(outcome.standardOutput)")
            #expect(lines[0]["route"] as? String == "key-hash")
            #expect(lines[0]["topic"] as? String == deadLetter.originalTopic, "the origin comes from the DLQ's name")
            #expect(lines[1]["partition"] as? Int == expected)
            let landed = try await ReferencePartition.read(deadLetter.originalTopic, partition: expected)
            let copy = try #require(landed.messages.first { $0.header(DeadLetterHeaders.replayOf) == deadLetter.id })
            #expect(copy.offset == (lines[1]["offset"] as? NSNumber)?.int64Value)
            #expect(copy.key == key && copy.value == deadLetter.value)
        }
    }

    @Test func aPartitionThatIsGoneFallsBackToTheKeyWithAWarning() async throws {
        // The headers name partition 2; the original topic was recreated with 2 partitions since.
        let deadLetter = try #require(try await PlantedDeadLetter.plant(.karafkaSource, count: 1, originalPartitionCount: 2).first)
        let outcome = try await Self.replay(deadLetter, ["--yes", "--format", "json"], state: ReplayState())
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("has no partition 2 any more"), "stderr: \(outcome.standardError)")
        let lines = try jsonObjects(outcome.standardOutput)
        try #require(lines.count == 2, "\(outcome.standardOutput)")
        let expected = Murmur2Partitioner.partition(forKey: try #require(deadLetter.key), partitionCount: 2)
        #expect(lines[0]["route"] as? String == "key-hash")
        #expect(lines[1]["partition"] as? Int == expected)
        let landed = try await ReferencePartition.read(deadLetter.originalTopic, partition: expected)
        #expect(landed.messages.map { $0.header(DeadLetterHeaders.replayOf) } == [deadLetter.id])
    }

    @Test func toReplaysIntoAnotherTopicWhereMurmur2PutsTheKey() async throws {
        let deadLetter = try #require(try await PlantedDeadLetter.plant(.spring, count: 1).first)
        let other = KafkaTestBroker.uniqueTopic("orders-rerun")
        try await KafkaTestBroker.produce([], topic: other, createPartitions: 5)
        let outcome = try await Self.replay(deadLetter, ["--to", other, "--yes", "--format", "json"], state: ReplayState())
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let lines = try jsonObjects(outcome.standardOutput)
        try #require(lines.count == 2, "\(outcome.standardOutput)")
        // The original partition belongs to the original topic; elsewhere the key decides.
        let expected = Murmur2Partitioner.partition(forKey: try #require(deadLetter.key), partitionCount: 5)
        #expect(lines[0]["route"] as? String == "key-hash")
        #expect(lines[1]["topic"] as? String == other && lines[1]["partition"] as? Int == expected)
        let landed = try await ReferencePartition.read(other, partition: expected)
        let copy = try #require(landed.messages.first { $0.header(DeadLetterHeaders.replayOf) == deadLetter.id })
        #expect(copy.value == deadLetter.value && Array(copy.headers.dropLast(2)) == deadLetter.applicationHeaders)
        #expect(try await ReferencePartition.ends(deadLetter.originalTopic, partitions: 3) == [0, 0, 0])
    }

    @Test func dryRunPrintsThePlanAndWritesNothing() async throws {
        let deadLetter = try #require(try await PlantedDeadLetter.plant(.smallrye, count: 1).first)
        let state = ReplayState()
        // Allowed read-only too: it writes nothing.
        let outcome = try await Self.replay(deadLetter, ["--dry-run", "--format", "json", "--read-only"], state: state)
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        let lines = try jsonObjects(outcome.standardOutput)
        let plan = try #require(lines.count == 1 ? lines.first : nil, "\(outcome.standardOutput)")
        #expect(plan["dryRun"] as? Bool == true)
        #expect(plan["from"] as? String == deadLetter.id)
        #expect(plan["topic"] as? String == deadLetter.originalTopic)
        #expect(plan["partition"] as? Int == deadLetter.originalPartition)
        #expect(plan["route"] as? String == "original")
        #expect(try TailedRecord.bytes(plan["key"]) == deadLetter.key)
        #expect(try TailedRecord.bytes(plan["value"]) == deadLetter.value)
        let headers = try #require(plan["headers"] as? [[Any]]).map {
            TailedRecord.HeaderPair(name: try #require($0[0] as? String), value: try TailedRecord.bytes($0[1]))
        }
        #expect(Array(headers.dropLast(2)) == deadLetter.applicationHeaders)
        #expect(headers.suffix(2).first == .init(name: DeadLetterHeaders.replayOf, value: Array(deadLetter.id.utf8)))
        #expect(plan["edited"] as? Bool == false && (plan["warnings"] as? [Any])?.isEmpty == true)
        #expect(try await ReferencePartition.ends(deadLetter.originalTopic, partitions: 3) == [0, 0, 0])
        #expect(!FileManager.default.fileExists(atPath: state.auditLogPath), "a dry run is not a replay")
    }

    @Test func refusedReplaysProduceNothing() async throws {
        let planted = try await PlantedDeadLetter.plant(.spring, count: 1)
        let deadLetter = planted[0]
        let queued = try await ReferencePartition.read(deadLetter.dlqTopic, partition: 1)
        let state = ReplayState()
        let readOnly = try await Self.replay(deadLetter, ["--yes", "--read-only"], state: state)
        #expect(readOnly.exitCode == 2)
        #expect(readOnly.standardOutput.isEmpty)
        let refusal = readOnly.standardError.split(separator: "\n")
        #expect(refusal.count == 1 && refusal[0].hasPrefix("evmon: write refused: read-only"), "\(readOnly.standardError)")
        // The test runner's standard input is /dev/null: no terminal to confirm on.
        let unconfirmed = try await Self.replay(deadLetter, [], state: state)
        #expect(unconfirmed.exitCode == 2)
        #expect(unconfirmed.standardOutput.isEmpty)
        let unasked = unconfirmed.standardError.split(separator: "\n")
        #expect(unasked.count == 1 && unasked[0].hasPrefix("evmon: write refused:") && unasked[0].contains("--yes"), "\(unconfirmed.standardError)")
        #expect(try await ReferencePartition.ends(deadLetter.originalTopic, partitions: 3) == [0, 0, 0])
        #expect(!FileManager.default.fileExists(atPath: state.auditLogPath))
        try await Self.expectUntouched(deadLetter.dlqTopic, as: queued)
    }
}
