import Testing
import EvmonModel
import EvmonDeadLetters

@Suite struct ReplayHistoryTests {
    let source = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(17))
    let broker = "kafka://127.0.0.1:9092"
    let plan = ReplayPlan(
        source: DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(17)),
        message: OutgoingMessage(topic: "orders", partition: 2, key: [0xFF, 0x00], value: Array("v".utf8)),
        route: .originalPartition(2))

    func line(_ attempt: String, _ at: Int64, _ event: ReplayJournalEntry.Event, broker: String? = nil, source: DeadLetterID? = nil) -> [UInt8] {
        ReplayJournalEntry(attempt: attempt, at: at, broker: broker ?? self.broker, source: source ?? self.source, event: event).jsonLine
    }

    @Test func entriesRoundTripThroughTheirJSONLines() throws {
        let sending = ReplayJournalEntry(attempt: "a1", at: 5, broker: broker, source: source, event: .sending(plan))
        let text = String(decoding: sending.jsonLine, as: UTF8.self)
        #expect(text == #"{"attempt":"a1","at":5,"event":"sending","broker":"kafka://127.0.0.1:9092","dlqTopic":"orders-dlt","dlqPartition":0,"dlqOffset":17,"topic":"orders","partition":2,"route":"original","key":{"base64":"/wA="},"valueBytes":1,"edited":false}"# + "\n")
        let read = try #require(ReplayJournalEntry(jsonLine: Array(sending.jsonLine.dropLast())))
        #expect(read.source == source)
        guard case .sending(let readPlan) = read.event else { Issue.record("not a sending line"); return }
        #expect(readPlan.message.key == [0xFF, 0x00])
        #expect(readPlan.route == .originalPartition(2))
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 2), offset: .sequence(77))
        for outcome in [ReplayOutcome.replayed(position), .failed("MESSAGE_TOO_LARGE"), .unknown("Produce request timed out")] {
            let entry = ReplayJournalEntry(attempt: "a1", at: 6, broker: broker, source: source, event: .finished(outcome))
            #expect(ReplayJournalEntry(jsonLine: entry.jsonLine) == entry)
        }
        let redis = DeadLetterID(topic: "orders:dlq", partition: 0, offset: .streamID(milliseconds: 1_716_123_456_789, sequence: 0))
        let redisEntry = ReplayJournalEntry(attempt: "r", at: 1, broker: "redis://x", source: redis, event: .finished(.failed("x")))
        #expect(String(decoding: redisEntry.jsonLine, as: UTF8.self).contains(#""dlqOffset":"1716123456789-0""#))
        #expect(ReplayJournalEntry(jsonLine: redisEntry.jsonLine)?.source == redis)
    }

    @Test func marksComeFromOutcomesAndASendWithoutAnswerIsUnknown() {
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 2), offset: .sequence(77))
        let other = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(18))
        let crashed = DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(19))
        let log = line("a", 1, .sending(plan)) + line("a", 2, .finished(.replayed(position)))
            + line("b", 3, .sending(plan), source: other) + line("b", 4, .finished(.failed("NOT_ENOUGH_REPLICAS")), source: other)
            + line("c", 5, .sending(plan), source: crashed)
            + line("d", 6, .sending(plan), broker: "kafka://elsewhere:9092") + line("d", 7, .finished(.replayed(position)), broker: "kafka://elsewhere:9092")
        let (history, unreadable) = ReplayHistory.parse(log, broker: broker)
        #expect(unreadable == 0)
        #expect(history[source]?.isReplayed == true)
        #expect(history[source]?.replayed == position)
        #expect(history[source]?.symbol == "✓")
        #expect(history[other]?.isReplayed == false)
        #expect(history[other]?.lastFailure == "NOT_ENOUGH_REPLICAS")
        #expect(history[other]?.symbol == "✗")
        #expect(history[other]?.duplicateWarning == nil, "a refused replay wrote nothing")
        #expect(history[crashed]?.unknownAt == 5, "evmon stopped mid-send: it may have been written")
        #expect(history[crashed]?.symbol == "?")
        #expect(history.marks.count == 3, "other brokers' replays are not this broker's")
    }

    @Test func damagedLinesAreCountedAndSkippedNeverFatal() {
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 2), offset: .sequence(77))
        let log = Array("not json\n{\"attempt\":1}\n".utf8) + line("a", 2, .finished(.replayed(position))) + Array("{\"truncat".utf8)
        let (history, unreadable) = ReplayHistory.parse(log, broker: broker)
        #expect(unreadable == 3)
        #expect(history[source]?.isReplayed == true)
    }
}
