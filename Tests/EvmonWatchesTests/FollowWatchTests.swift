import Testing
import EvmonModel
import EvmonWatches

@Suite struct FollowWatchTests {
    private let reserved = WatchDefinition(
        name: "reserved", topics: ["orders"], where: #".type == "created""#,
        kind: .followedBy(FollowRule(topic: "inventory", where: #".type == "reserved""#, match: path(".order"), withinMilliseconds: 5_000)))

    private func order(_ id: String, at time: Int64, offset: Int64, type: String = "created") -> Record {
        message("orders", offset: offset, at: time, key: id, #"{"type":"\#(type)","order":"\#(id)"}"#)
    }

    private func reservation(_ id: String, at time: Int64, offset: Int64) -> Record {
        message("inventory", offset: offset, at: time, key: id, #"{"type":"reserved","order":"\#(id)"}"#)
    }

    @Test func anAnsweredObligationPassesAnExpiredOneFails() throws {
        let watches = try engine(reserved)
        watches.ingest([order("o1", at: 0, offset: 0), order("o2", at: 100, offset: 1), reservation("o1", at: 300, offset: 0)])
        #expect(only(watches).status == .pending)
        #expect(only(watches).open == 1)
        // Event time passes o2's deadline (5.1 s) on both topics.
        watches.ingest([order("o3", at: 5_200, offset: 2), reservation("o3", at: 5_300, offset: 1)])
        let result = only(watches)
        #expect(result.status == .fail)
        #expect(result.failures == 1)
        #expect(result.firstFailure?.offset == .sequence(1))
        #expect(result.firstFailure?.why == #"no inventory message with .payload.order "o2" within 5s"#.replacingOccurrences(of: ".payload", with: ""))
        #expect(result.open == 0)
    }

    @Test func aRunThatReadEverythingLiveFailsWhatIsDueEvenIfATopicSentNothing() throws {
        // check --produce: the fixtures were written, the answer topic stayed silent.
        let silent = try engine(reserved)
        silent.ingest([order("o1", at: 1_000, offset: 0)])
        silent.finish(liveUntil: t0 + 5_999)
        #expect(only(silent).status == .pending)
        let expired = try engine(reserved)
        expired.ingest([order("o1", at: 1_000, offset: 0)])
        expired.finish(liveUntil: t0 + 6_001)
        #expect(only(expired).status == .fail)
        #expect(only(expired).firstFailure?.offset == .sequence(0))
    }

    @Test func aLateAnswerDoesNotCount() throws {
        let watches = try engine(reserved)
        watches.ingest([order("o1", at: 0, offset: 0), reservation("o1", at: 6_000, offset: 0), order("o9", at: 6_100, offset: 1)])
        #expect(only(watches).failures == 1)
    }

    @Test func openObligationsAtTheEndArePendingUnlessTheWatermarkPassedThem() throws {
        let watches = try engine(reserved)
        watches.ingest([order("o1", at: 0, offset: 0), reservation("x", at: 10, offset: 0)])
        watches.finish()
        #expect(only(watches).status == .pending)
        #expect(only(watches).note?.hasPrefix("1 still within their 5s") == true)
    }

    @Test func theClockIsTheSlowestTopic() throws {
        let watches = try engine(reserved)
        // Orders race an hour ahead; inventory has not caught up, so nothing may expire yet.
        watches.ingest([order("o1", at: 0, offset: 0), order("o2", at: 3_600_000, offset: 1)])
        watches.ingest([reservation("o1", at: 200, offset: 0)])
        #expect(only(watches).failures == 0)
        #expect(only(watches).open == 1)
    }

    @Test func replayOrderDoesNotChangeTheVerdict() throws {
        var orders: [Record] = []
        var inventory: [Record] = []
        for index in 0..<200 {
            let time = Int64(index) * 700
            orders.append(order("o\(index)", at: time, offset: Int64(index)))
            // Every seventh order is never answered; every eleventh is answered late.
            if index % 7 == 3 { continue }
            let delay: Int64 = index % 11 == 5 ? 6_000 : 150
            inventory.append(reservation("o\(index)", at: time + delay, offset: Int64(inventory.count)))
        }
        // Each topic reads in event-time order (the watermark's premise); topics may run apart.
        inventory.sort { $0.timestamp < $1.timestamp }
        let live = (orders + inventory).sorted { ($0.timestamp, $0.topic) < ($1.timestamp, $1.topic) }
        let liveEngine = try WatchEngine.replaying([reserved], over: live)
        let inventoryFirst = try WatchEngine.replaying([reserved], over: inventory + orders)
        let ordersFirst = try WatchEngine.replaying([reserved], over: orders + inventory)
        for engine in [liveEngine, inventoryFirst, ordersFirst] { engine.finish() }
        let verdicts = [liveEngine, inventoryFirst, ordersFirst].map { ($0.results[0].failures, $0.results[0].open, $0.results[0].status) }
        // 29 never answered + 15 answered late, less 2 of them still inside their window at the end.
        #expect(verdicts[0].0 == 42)
        #expect(verdicts.allSatisfy { $0 == verdicts[0] }, "\(verdicts)")
    }

    @Test func notFollowedByFailsOnTheForbiddenMessage() throws {
        let watches = try engine(WatchDefinition(
            name: "no reservation after cancel", topics: ["orders"], where: #".type == "cancelled""#,
            kind: .notFollowedBy(FollowRule(topic: "inventory", match: .key, withinMilliseconds: 5_000))))
        watches.ingest([
            order("o1", at: 0, offset: 0, type: "cancelled"), reservation("o1", at: 900, offset: 0),
            order("o2", at: 1_000, offset: 1, type: "cancelled"), reservation("o2", at: 7_000, offset: 1),
            order("o3", at: 8_000, offset: 2, type: "created"),
        ])
        let result = only(watches)
        #expect(result.failures == 1)
        #expect(result.firstFailure?.topic == "inventory")
        #expect(result.firstFailure?.why == "inventory message with key o1 came 900ms after orders/0@0, within 5s")
        #expect(result.status == .fail)
    }

    @Test func obligationsAreCapped() throws {
        var limits = WatchLimits()
        limits.openObligations = 10
        let watches = try engine(reserved, limits: limits)
        watches.ingest((0..<25).map { order("o\($0)", at: Int64($0), offset: Int64($0)) })
        #expect(only(watches).open == 10)
        #expect(only(watches).forgotten == 15)
    }
}

extension FollowWatchTests {
    @Test func aForbiddenMessageReadBeforeItsSourceStillFails() throws {
        let forbidden = WatchDefinition(
            name: "no reservation after cancel", topics: ["orders"], where: #".type == "cancelled""#,
            kind: .notFollowedBy(FollowRule(topic: "inventory", match: .key, withinMilliseconds: 5_000)))
        let inventoryFirst = try WatchEngine.replaying([forbidden], over: [
            message("inventory", offset: 0, at: 900, key: "o1", #"{"type":"reserved"}"#),
            message("orders", offset: 0, at: 0, key: "o1", #"{"type":"cancelled"}"#),
        ])
        #expect(inventoryFirst.results[0].failures == 1)
        #expect(inventoryFirst.results[0].firstFailure?.topic == "inventory")
    }
}

extension FollowWatchTests {
    /// An adapter that reads each partition's whole history before the next (Kafka fetches can)
    /// reaches the live verdicts when it declares partitions and says when each caught up.
    @Test func partitionByPartitionReplaysMatchLiveWhenPartitionsAreDeclared() throws {
        var records: [Record] = []
        for index in 0..<120 {
            let time = Int64(index) * 500
            var created = order("o\(index)", at: time, offset: Int64(index / 3))
            created.partition = index % 3
            records.append(created)
            guard index % 9 != 4 else { continue }
            var answer = reservation("o\(index)", at: time + (index % 10 == 7 ? 5_500 : 200), offset: Int64(index / 3))
            answer.partition = index % 3
            records.append(answer)
        }
        let live = records.sorted { $0.timestamp < $1.timestamp }
        let metadata = ["orders", "inventory"].map { name in
            TopicMetadata(name: name, partitions: (0..<3).map { PartitionMetadata(id: $0, startOffset: .sequence(0), endOffset: .sequence(40)) })
        }
        let liveEngine = try engine(reserved)
        liveEngine.ingest(live)
        let byPartition = try engine(reserved)
        byPartition.declare(metadata)
        for topic in ["orders", "inventory"] {
            for partition in 0..<3 {
                byPartition.ingest(live.filter { $0.topic == topic && $0.partition == partition })
                byPartition.caughtUp(TopicPartition(topic: topic, partition: partition))
            }
        }
        for engine in [liveEngine, byPartition] { engine.finish() }
        #expect(liveEngine.results[0].failures > 10)
        #expect(byPartition.results[0].failures == liveEngine.results[0].failures)
        #expect(byPartition.results[0].open == liveEngine.results[0].open)
    }
}

extension FollowWatchTests {
    @Test func closedObligationsDoNotPileUpWhileEventTimeStands() throws {
        var limits = WatchLimits()
        limits.openObligations = 4
        let watches = try engine(reserved, limits: limits)
        let partitions = [TopicMetadata(name: "inventory", partitions: (0..<2).map { PartitionMetadata(id: $0, startOffset: nil, endOffset: nil) })]
        watches.declare(partitions)
        // Inventory partition 1 never speaks, so event time never moves; every order is answered.
        for index in 0..<100 {
            watches.ingest([order("o\(index)", at: Int64(index), offset: Int64(index)), reservation("o\(index)", at: Int64(index) + 1, offset: Int64(index))])
        }
        #expect(only(watches).open == 0)
        #expect(only(watches).forgotten == 0)
        #expect(only(watches).status == .pass)
    }
}
