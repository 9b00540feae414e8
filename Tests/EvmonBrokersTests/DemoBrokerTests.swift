import EvmonTestSupport
import Testing
import EvmonModel
@testable import EvmonBrokers

@Suite struct DemoBrokerTests {
    func broker(clock: ManualClock = ManualClock(startingAt: historyEnd), rate: Double = 20) -> DemoBroker {
        DemoBroker(options: .init(seed: 1, rate: rate), clock: clock, pollInterval: .milliseconds(1))
    }

    /// Reads events until `stop` says enough (or `limit` events).
    func collect(
        _ stream: AsyncThrowingStream<TailEvent, any Error>, limit: Int = 100_000, stop: ([TailEvent]) -> Bool
    ) async throws -> [TailEvent] {
        var events: [TailEvent] = []
        for try await event in stream {
            events.append(event)
            if stop(events) || events.count >= limit { break }
        }
        return events
    }

    func records(_ events: [TailEvent]) -> [Record] {
        events.flatMap { event -> [Record] in
            if case .records(let batch) = event { return batch.records }
            return []
        }
    }

    func caughtUp(_ events: [TailEvent]) -> Set<TopicPartition> {
        Set(events.compactMap { event in
            if case .caughtUp(let topicPartition) = event { return topicPartition }
            return nil
        })
    }

    @Test func listsTheThreeTopicsWithThreePartitionsEach() async throws {
        let topics = try await broker().listTopics()
        #expect(topics.map(\.name) == ["inventory", "orders", "orders-dlt"])
        #expect(topics.allSatisfy { $0.partitions.map(\.id) == [0, 1, 2] })
        #expect(topics.first { $0.name == "orders" }!.messageCount > 3_000)
    }

    @Test func earliestReadsEverythingAndReportsEachPartitionCaughtUp() async throws {
        let demo = broker()
        let metadata = try await demo.listTopics().first { $0.name == "orders" }!
        let events = try await collect(demo.tail(TailRequest(topics: ["orders"], start: .earliest))) { caughtUp($0).count == 3 }
        let read = records(events)
        #expect(Int64(read.count) == metadata.messageCount)
        // Merged by time across partitions; each partition in offset order.
        #expect(zip(read, read.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        for partition in 0..<3 {
            let offsets = read.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == (0..<offsets.count).map { .sequence(Int64($0)) })
        }
    }

    @Test func lastNReadsExactlyNPerPartition() async throws {
        let events = try await collect(broker().tail(TailRequest(topics: ["orders"], start: .lastMessages(5)))) { caughtUp($0).count == 3 }
        let read = records(events)
        #expect(read.count == 15)
        #expect(Dictionary(grouping: read, by: \.partition).values.allSatisfy { $0.count == 5 })
    }

    @Test func anOffsetIsClampedToWhatThePartitionHolds() async throws {
        let demo = broker()
        let events = try await collect(demo.tail(TailRequest(topics: ["orders"], partitions: [1], start: .offset(.sequence(10))))) { caughtUp($0).count == 1 }
        #expect(records(events).first?.offset == .sequence(10))
        let beyond = try await collect(demo.tail(TailRequest(topics: ["orders"], partitions: [1], start: .offset(.sequence(1 << 40))))) { caughtUp($0).count == 1 }
        #expect(records(beyond).isEmpty)
    }

    @Test func aTimestampStartsAtTheFirstMessageAtOrAfterIt() async throws {
        let demo = broker()
        let all = records(try await collect(demo.tail(TailRequest(topics: ["orders"], start: .earliest))) { caughtUp($0).count == 3 })
        let middle = all[all.count / 2].timestamp
        let fromTime = records(try await collect(demo.tail(TailRequest(topics: ["orders"], start: .timestamp(middle)))) { caughtUp($0).count == 3 })
        #expect(fromTime.allSatisfy { $0.timestamp >= middle })
        #expect(fromTime.count == all.filter { $0.timestamp >= middle }.count)
    }

    @Test func latestWaitsForNewMessagesAndFollowsThem() async throws {
        let clock = ManualClock(startingAt: historyEnd)
        let demo = broker(clock: clock)
        let stream = demo.tail(TailRequest(topics: ["orders", "inventory"], start: .latest))
        var iterator = stream.makeAsyncIterator()
        var seenAtEnd: Set<TopicPartition> = []
        while seenAtEnd.count < 6 {
            if case .caughtUp(let topicPartition) = try await iterator.next() { seenAtEnd.insert(topicPartition) }
        }
        clock.advance(by: 5_000)
        var fresh: [Record] = []
        while fresh.count < 20 {
            if case .records(let batch) = try await iterator.next() { fresh += batch.records }
        }
        #expect(fresh.allSatisfy { $0.timestamp > historyEnd })
        #expect(Set(fresh.map(\.topic)) == ["orders", "inventory"])
    }

    @Test func partitionFilterReadsOnlyThosePartitions() async throws {
        let events = try await collect(broker().tail(TailRequest(topics: ["inventory"], partitions: [0, 2], start: .earliest))) { caughtUp($0).count == 2 }
        #expect(Set(records(events).map(\.partition)) == [0, 2])
        #expect(caughtUp(events) == [TopicPartition(topic: "inventory", partition: 0), TopicPartition(topic: "inventory", partition: 2)])
    }

    @Test func unknownTopicsAndPartitionsFailTheTail() async throws {
        await #expect(throws: EvmonError.unknownTopic("payments", known: ["inventory", "orders", "orders-dlt"])) {
            _ = try await collect(broker().tail(TailRequest(topics: ["payments"], start: .earliest))) { _ in true }
        }
        await #expect(throws: EvmonError.unknownPartition(topic: "orders", partition: 3, count: 3)) {
            _ = try await collect(broker().tail(TailRequest(topics: ["orders"], partitions: [3], start: .earliest))) { _ in true }
        }
    }

    @Test func producedMessagesLandWhereAJavaProducerWouldPutThem() async throws {
        let demo = broker()
        let key = Array("ord-999999".utf8)
        let position = try await demo.produce(OutgoingMessage(topic: "orders", key: key, headers: [Header("x", "1")], value: Array("{}".utf8)))
        #expect(position.topicPartition.partition == Murmur2Partitioner.partition(forKey: key, partitionCount: 3))
        let explicit = try await demo.produce(OutgoingMessage(topic: "orders", partition: 0, key: nil, value: nil))
        #expect(explicit.topicPartition.partition == 0)
        let events = try await collect(demo.tail(TailRequest(topics: ["orders"], partitions: [position.topicPartition.partition], start: .lastMessages(1)))) { caughtUp($0).count == 1 }
        let echoed = try #require(records(events).last)
        #expect(echoed.key == key && echoed.headers == [Header("x", "1")] && echoed.offset == position.offset)
        await #expect(throws: EvmonError.self) { _ = try await demo.produce(OutgoingMessage(topic: "nope", key: nil, value: nil)) }
        await #expect(throws: EvmonError.unknownPartition(topic: "orders", partition: 7, count: 3)) {
            _ = try await demo.produce(OutgoingMessage(topic: "orders", partition: 7, key: nil, value: nil))
        }
    }

    @Test func groupsFollowTheClock() async throws {
        let clock = ManualClock(startingAt: historyEnd)
        let demo = broker(clock: clock)
        let before = try await demo.listConsumerGroups().first { $0.group == "inventory" }!
        clock.advance(by: 30_000)
        let after = try await demo.listConsumerGroups().first { $0.group == "inventory" }!
        #expect(after.partitions.map(\.committed) != before.partitions.map(\.committed))
        #expect(zip(before.partitions, after.partitions).allSatisfy { $0.committed! <= $1.committed! })
    }

    @Test func aPinnedStartMakesTheHistoryReproducible() async throws {
        let first = DemoBroker(options: .init(seed: 4, start: historyEnd), clock: SystemClock())
        let second = DemoBroker(options: .init(seed: 4, start: historyEnd), clock: SystemClock())
        let read = { (demo: DemoBroker) in
            try await collect(demo.tail(TailRequest(topics: ["orders"], start: .earliest)), limit: 30) { _ in false }
        }
        #expect(records(try await read(first)).prefix(20) == records(try await read(second)).prefix(20))
    }

    @Test func theDemoIsAlwaysConnected() async {
        var states: [ConnectionState] = []
        for await state in broker().connectionStates() { states.append(state) }
        #expect(states == [.connected])
    }
}
