import EvmonTestSupport
import Testing
import EvmonModel
import EvmonDeadLetters
import EvmonApp

@Suite struct DeadLetterPaneReduceTests {
    let now: Int64 = 1_764_115_300_000

    func metadata(_ name: String, partitions: Int) -> TopicMetadata {
        TopicMetadata(name: name, partitions: (0..<partitions).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(100)) })
    }

    func deadLetter(_ offset: Int64, reason: String, origin: String? = "orders", key: String = "k") -> Record {
        var headers = [Header("kafka_dlt-exception-message", reason), Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, 1])]
        if let origin { headers.insert(Header("kafka_dlt-original-topic", origin), at: 0) }
        return RecordFixtures.record(topic: "orders-dlt", offset: offset, timestamp: now - 60_000 + offset, key: key, value: "{}", headers: headers)
    }

    /// Three dead letters for "out of stock", one for "bad json", in the DLQ pane.
    func state(readOnly: String? = nil) -> AppState {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        state.view.readOnlyReason = readOnly
        _ = reduce(&state, .topicsListed([metadata("orders", partitions: 3), metadata("orders-dlt", partitions: 1)], at: now))
        let records = [deadLetter(0, reason: "out of stock"), deadLetter(1, reason: "bad json"), deadLetter(2, reason: "out of stock"), deadLetter(3, reason: "out of stock")]
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: records)))
        _ = reduce(&state, .keyPressed(.character("5")))
        return state
    }

    func id(_ offset: Int64) -> DeadLetterID { DeadLetterID(topic: "orders-dlt", partition: 0, offset: .sequence(offset)) }

    @Test func entriesAreGroupedByReasonBiggestFirstNewestFirst() {
        let state = state()
        let groups = state.deadLetterGroups
        #expect(groups.map(\.summary) == ["out of stock", "bad json"])
        #expect(groups[0].ids == [id(3), id(2), id(0)])
        #expect(groups[0].newest == now - 60_000 + 3)
        #expect(state.deadLetterRows.count == 6)
    }

    @Test func enterFoldsAReasonAndOpensAnEntry() {
        var state = state()
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.deadLetterRows.count == 3, "the first reason folded away")
        _ = reduce(&state, .keyPressed(.enter))
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.focus == .detail)
        #expect(state.view.detail?.record.offset == .sequence(3))
        let text = state.view.detail?.document.lines.map { $0.map(\.text).joined() } ?? []
        #expect(text.contains { $0.hasPrefix("convention") && $0.contains("spring") })
        #expect(text.contains { $0.hasPrefix("origin") && $0.contains("orders/1") })
        #expect(text.contains("dead-letter headers (3)"))
        #expect(text.contains("original headers (0)"))
        // Enter in the detail pane unfolds stack traces, and again folds them.
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.detail?.unfoldsStackTraces == true)
        #expect(state.view.detail?.deadLetter?.convention == "spring", "the rebuilt document still explains the dead letter")
    }

    @Test func replayConfirmsFirstThenSendsAndMarks() throws {
        var state = state()
        _ = reduce(&state, .keyPressed(.down))
        #expect(reduce(&state, .keyPressed(.character("r"))).isEmpty, "nothing is sent before confirming")
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans.count == 1)
        #expect(plans[0].source == id(3))
        #expect(plans[0].message.topic == "orders")
        #expect(plans[0].route == .originalPartition(1))
        let effects = reduce(&state, .keyPressed(.character("y")))
        #expect(effects == [.replay(plans, perSecond: 10)])
        #expect(state.replayProgress?.total == 1)
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 1), offset: .sequence(500))
        _ = reduce(&state, .replayFinished(id(3), .replayed(position), at: now + 10))
        _ = reduce(&state, .replayRunEnded(cancelled: false, error: nil))
        #expect(state.replays[id(3)]?.isReplayed == true)
        #expect(state.replayProgress == nil)
        #expect(state.view.notice?.text == "orders-dlt/0@3 replayed to orders/1@500")
        // A second replay of the same entry warns that it duplicates.
        _ = reduce(&state, .keyPressed(.character("r")))
        guard case .confirmReplay(let again)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(again[0].warnings.first?.contains("already replayed") == true)
    }

    @Test func anyOtherKeyCancelsTheConfirmation() {
        var state = state()
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.character("r")))
        #expect(reduce(&state, .keyPressed(.character("n"))).isEmpty)
        #expect(state.view.overlay == nil)
        #expect(state.view.notice?.text == "replay cancelled: nothing sent")
    }

    @Test func readOnlySessionsRefuseAndSayWhy() {
        var state = state(readOnly: "--read-only")
        _ = reduce(&state, .keyPressed(.down))
        #expect(reduce(&state, .keyPressed(.character("r"))).isEmpty)
        #expect(reduce(&state, .keyPressed(.character("e"))).isEmpty)
        #expect(state.view.overlay == nil)
        #expect(state.view.notice == Notice("read-only (--read-only): replays are disabled", isError: true, at: now))
    }

    @Test func marksMakeABulkReplayThatIsRateLimitedAndCancellable() throws {
        var state = state()
        _ = reduce(&state, .keyPressed(.character(" ")))   // the whole "out of stock" group
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.character(" ")))   // unmark offset 2
        #expect(state.view.deadLetters.marked == [id(3), id(0)])
        _ = reduce(&state, .keyPressed(.character("r")))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans.map(\.source) == [id(3), id(0)])
        #expect(reduce(&state, .keyPressed(.enter)) == [.replay(plans, perSecond: 10)])
        _ = reduce(&state, .replayFinished(id(3), .unknown("Produce request timed out"), at: now + 1))
        #expect(state.replayProgress?.done == 1)
        #expect(reduce(&state, .keyPressed(.escape)) == [.cancelReplays])
        _ = reduce(&state, .replayRunEnded(cancelled: true, error: nil))
        #expect(state.view.notice?.text.hasPrefix("replay cancelled after 1 of 2") == true)
        #expect(state.replays[id(3)]?.symbol == "?")
        #expect(state.view.deadLetters.marked == [id(3), id(0)], "nothing replayed for sure, so the marks stay")
    }

    @Test func editReplaysOneMessageAfterTheEditor() {
        var state = state()
        _ = reduce(&state, .keyPressed(.down))
        let effects = reduce(&state, .keyPressed(.character("e")))
        guard case .editReplay(let plan)? = effects.first else { Issue.record("no edit"); return }
        _ = reduce(&state, .replayEdited(plan.withValue(Array("{\"fixed\":true}".utf8))))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans[0].edited)
        // On a group, e would edit many messages: refused.
        var grouped = self.state()
        #expect(reduce(&grouped, .keyPressed(.character("e"))).isEmpty)
        #expect(grouped.view.notice?.isError == true)
    }

    @Test func anUnknownOriginAsksForTheTarget() throws {
        // A config-file name without `*`: a dead-letter topic whose name says nothing of its origin.
        var settings = AppSettings()
        settings.deadLetters = DeadLetterRecognizer(naming: DeadLetterNaming(extraPatterns: [try DeadLetterPattern(parsing: "graveyard")]))
        var state = AppState(brokerURL: "kafka://k:9092", now: now, settings: settings)
        _ = reduce(&state, .topicsListed([metadata("orders", partitions: 3), metadata("graveyard", partitions: 1)], at: now))
        let record = RecordFixtures.record(topic: "graveyard", offset: 0, key: "k")
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "graveyard", partition: 0), records: [record])))
        _ = reduce(&state, .keyPressed(.character("5")))
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.character("r")))
        #expect(state.view.mode == .replayTarget(ReplayTargetPrompt(ids: [DeadLetterID(topic: "graveyard", partition: 0, offset: .sequence(0))], replacesOrigins: false)))
        for character in "nope" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        #expect(state.view.notice?.text.contains("no such topic") == true)
        _ = reduce(&state, .keyPressed(.character("r")))
        for character in "orders" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans[0].message.topic == "orders")
    }
}

extension DeadLetterPaneReduceTests {
    @Test func capitalRReplaysEverySelectedEntryToATypedTopic() {
        var state = state()
        _ = reduce(&state, .topicsListed([metadata("orders", partitions: 3), metadata("orders-dlt", partitions: 1), metadata("orders-retry", partitions: 2)], at: now))
        _ = reduce(&state, .keyPressed(.character("R")))
        guard case .replayTarget(let prompt) = state.view.mode else { Issue.record("no prompt"); return }
        #expect(prompt.replacesOrigins)
        #expect(prompt.ids.count == 3, "the group under the cursor")
        for character in "orders-retry" { _ = reduce(&state, .keyPressed(.character(character))) }
        _ = reduce(&state, .keyPressed(.enter))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans.allSatisfy { $0.message.topic == "orders-retry" })
        #expect(plans.allSatisfy { if case .keyHash = $0.route { true } else { false } }, "a partition number means nothing in another topic")
    }
}

extension DeadLetterPaneReduceTests {
    @Test func theCursorStaysOnItsEntryWhenNewDeadLettersArrive() {
        var state = state()
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.down))
        guard case .entry(let chosen) = state.deadLetterRows[state.view.deadLetters.cursor] else { Issue.record("not an entry"); return }
        // A newer one of the same reason lands above it.
        let newer = deadLetter(4, reason: "out of stock")
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: [newer])))
        guard case .entry(let underCursor) = state.deadLetterRows[state.view.deadLetters.cursor] else { Issue.record("not an entry"); return }
        #expect(underCursor.id == chosen.id)
        _ = reduce(&state, .keyPressed(.character("r")))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans.map(\.source) == [chosen.id], "r replays what the user was looking at")
    }
}

extension DeadLetterPaneReduceTests {
    @Test func aCancelAfterTheLastMessageCancelledNothing() {
        var state = state()
        _ = reduce(&state, .keyPressed(.down))
        _ = reduce(&state, .keyPressed(.character("r")))
        _ = reduce(&state, .keyPressed(.character("y")))
        let position = ProducedPosition(topicPartition: TopicPartition(topic: "orders", partition: 1), offset: .sequence(7))
        _ = reduce(&state, .replayFinished(id(3), .replayed(position), at: now))
        #expect(reduce(&state, .keyPressed(.escape)) == [.cancelReplays], "esc while the run is still open")
        _ = reduce(&state, .replayRunEnded(cancelled: true, error: nil))
        #expect(state.view.notice == Notice("orders-dlt/0@3 replayed to orders/1@7", at: now))
        #expect(state.replayProgress == nil)
        #expect(reduce(&state, .keyPressed(.escape)).isEmpty, "no run left to cancel")
    }
}

extension DeadLetterPaneReduceTests {
    @Test func aDeadLetterThatLeftTheBufferIsFetchedBeforeItIsPlanned() throws {
        var settings = AppSettings(bufferRecordsPerTopic: 2)
        settings.deadLetterCapacity = 10
        var state = AppState(brokerURL: "kafka://k:9092", now: now, settings: settings)
        _ = reduce(&state, .topicsListed([metadata("orders", partitions: 3), metadata("orders-dlt", partitions: 1)], at: now))
        let records = (0..<4).map { deadLetter(Int64($0), reason: "out of stock") }
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: records)))
        _ = reduce(&state, .keyPressed(.character("5")))
        for _ in 0..<4 { _ = reduce(&state, .keyPressed(.down)) }
        guard case .entry(let oldest) = state.deadLetterRows[state.view.deadLetters.cursor] else { Issue.record("not an entry"); return }
        #expect(oldest.id == id(0))
        #expect(state.record(oldest.reference) == nil, "the buffer kept only the newest two")
        let effects = reduce(&state, .keyPressed(.character("r")))
        let request = ReplayRequest(ids: [id(0)])
        #expect(effects == [.fetchForReplay(request)])
        _ = reduce(&state, .replaySourcesFetched([records[0]], request))
        guard case .confirmReplay(let plans)? = state.view.overlay else { Issue.record("no confirmation"); return }
        #expect(plans[0].source == id(0))
        #expect(plans[0].message.topic == "orders")
        // Retention took it: said so, nothing planned.
        state.view.overlay = nil
        #expect(reduce(&state, .replaySourcesFetched([], request)).isEmpty)
        #expect(state.view.overlay == nil)
        #expect(state.view.notice?.text.hasPrefix("orders-dlt/0@0 is no longer held by the broker") == true)
    }
}

extension DeadLetterPaneReduceTests {
    @Test func aFreelyNamedDeadLetterTopicIsFoundByItsHeaders() {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .topicsListed([metadata("payments", partitions: 1), metadata("connect-failures", partitions: 1)], at: now))
        #expect(state.view.stream.topics == ["connect-failures", "payments"], "few topics: all streamed")
        let failure = { (offset: Int64) in
            RecordFixtures.record(topic: "connect-failures", offset: offset, headers: [
                Header("__connect.errors.topic", "payments"), Header("__connect.errors.partition", "0"),
                Header("__connect.errors.offset", "\(offset * 10)"), Header("__connect.errors.exception.message", "bad record"),
            ])
        }
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "connect-failures", partition: 0), records: [failure(0), failure(1)])))
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "payments", partition: 0), records: [RecordFixtures.record(topic: "payments", offset: 0)])))
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "connect-failures", partition: 0), records: [failure(2)])))
        #expect(state.isDeadLetterTopic("connect-failures"))
        #expect(!state.isDeadLetterTopic("payments"))
        #expect(state.deadLetters.map(\.offset) == [.sequence(0), .sequence(1), .sequence(2)], "each once")
        #expect(state.deadLetters.allSatisfy { $0.convention == "kafka-connect" && $0.originalTopic == "payments" })
        // Found on a later batch: what the topic held before is listed too, once.
        var later = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&later, .topicsListed([metadata("payments", partitions: 1), metadata("connect-failures", partitions: 1)], at: now))
        let plain = RecordFixtures.record(topic: "connect-failures", offset: 0)
        _ = reduce(&later, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "connect-failures", partition: 0), records: [plain])))
        #expect(later.deadLetters.isEmpty)
        _ = reduce(&later, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "connect-failures", partition: 0), records: [failure(1)])))
        #expect(later.deadLetters.map(\.offset) == [.sequence(0), .sequence(1)])
    }
}

extension DeadLetterPaneReduceTests {
    @Test func topicsAreProbedOnceForDeadLetterHeadersAndFoundOnesAreTailedAsDLQs() {
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        let names = ["a", "b", "c", "d", "e", "f", "g", "connect-failures", "orders-dlt", "__consumer_offsets"]
        let listed = names.map { metadata($0, partitions: 2) } + [TopicMetadata(name: "empty", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(0))])]
        let effects = reduce(&state, .topicsListed(listed, at: now))
        #expect(state.view.stream.topics.isEmpty, "many topics: the user picks")
        guard case .probeDeadLetters(let partitions)? = effects.last else { Issue.record("no probe: \(effects)"); return }
        #expect(Set(partitions.map(\.topic)) == ["a", "b", "c", "d", "e", "f", "g", "connect-failures"], "not DLQs by name, internal or empty topics")
        #expect(partitions.count == 16)
        #expect(!reduce(&state, .topicsListed(listed, at: now + 2_000)).contains { if case .probeDeadLetters = $0 { true } else { false } }, "once")
        let tails = reduce(&state, .deadLetterTopicsDetected(["connect-failures"]))
        #expect(tails == [.tail(topics: ["connect-failures"], from: .lastMessages(state.settings.deadLetterCapacity))])
        #expect(state.isDeadLetterTopic("connect-failures"))
    }
}
