import Testing
import EvmonModel
@testable import EvmonBrokerKit
@testable import EvmonKafka

/// Multi-broker routing on canned responses: leaders, leader moves, corrupt partitions.
struct KafkaRoutingTests {
    static func broker(_ fake: FakeKafkaCluster, bootstrapPorts: [Int]) -> KafkaBroker {
        KafkaBroker(
            displayURL: "kafka://fake", hosts: bootstrapPorts.map { .init(host: "fake", port: $0) }, connector: fake)
    }

    /// Reads events until every partition in `partitions` caught up (or failed).
    static func drain(_ broker: KafkaBroker, partitions: Set<Int>) async throws -> (records: [Int: [String]], failed: [Int: String]) {
        var records: [Int: [String]] = [:]
        var failed: [Int: String] = [:]
        var waiting = partitions
        for try await event in broker.tail(TailRequest(topics: ["orders"], start: .earliest)) {
            switch event {
            case .records(let batch):
                records[batch.topicPartition.partition, default: []] += batch.records.map { String(decoding: $0.value ?? [], as: UTF8.self) }
            case .caughtUp(let topicPartition):
                waiting.remove(topicPartition.partition)
            case .partitionFailed(let topicPartition, let reason):
                failed[topicPartition.partition] = reason
                waiting.remove(topicPartition.partition)
            case .connection, .startMoved, .notice:
                break
            }
            if waiting.isEmpty { break }
        }
        return (records, failed)
    }

    @Test func eachPartitionIsFetchedFromItsLeader() async throws {
        let fake = FakeKafkaCluster(nodes: [1, 2, 3], leaders: [0: 1, 1: 2, 2: 3], count: 3)
        // The first bootstrap address is down: the next one is used.
        let broker = Self.broker(fake, bootstrapPorts: [1, 9002])
        let (records, failed) = try await Self.drain(broker, partitions: [0, 1, 2])
        #expect(failed.isEmpty)
        for partition in 0..<3 {
            #expect(records[partition] == (0..<3).map { "p\(partition)-\($0)" })
        }
        let fetches = fake.requests.filter { $0.api == "FetchRequest" }
        #expect(Set(fetches.map(\.node)) == [1, 2, 3])
        let topics = try await broker.listTopics()
        #expect(topics.first?.messageCount == 9)
    }

    @Test func notLeaderRefreshesMetadataAndRetriesAtTheNewLeader() async throws {
        let fake = FakeKafkaCluster(nodes: [1, 2], leaders: [0: 1, 1: 2], count: 4)
        fake.moveLeader(of: 1, to: 1, answeringNotLeaderFrom: 2)
        let broker = Self.broker(fake, bootstrapPorts: [9001])
        let (records, failed) = try await Self.drain(broker, partitions: [0, 1])
        #expect(failed.isEmpty)
        #expect(records[1] == (0..<4).map { "p1-\($0)" })
        #expect(records[0] == (0..<4).map { "p0-\($0)" })
        let requests = fake.requests
        let metadataCalls = requests.filter { $0.api == "MetadataRequest" }.count
        #expect(metadataCalls >= 2, "metadata was not refreshed after NOT_LEADER_OR_FOLLOWER")
        let fetchesAtNode1 = requests.filter { $0.api == "FetchRequest" && $0.node == 1 }.count
        #expect(fetchesAtNode1 >= 1)
        #expect(requests.contains { $0.api == "FetchRequest" && $0.node == 2 })
    }

    @Test func aCorruptBatchFailsItsPartitionWhileOthersKeepStreaming() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1, 1: 1, 2: 1], count: 5)
        fake.corrupt(partition: 1)
        let broker = Self.broker(fake, bootstrapPorts: [9001])
        let (records, failed) = try await Self.drain(broker, partitions: [0, 1, 2])
        #expect(failed[1]?.contains("CRC-32C") == true, "\(failed)")
        #expect(records[1] == nil)
        #expect(records[0]?.count == 5)
        #expect(records[2]?.count == 5)
    }

    @Test func groupCallsGoToTheCoordinatorAndEndsToTheLeaders() async throws {
        let fake = FakeKafkaCluster(nodes: [1, 2], leaders: [0: 1, 1: 2], count: 5)
        let broker = Self.broker(fake, bootstrapPorts: [9001])
        let groups = try await broker.listConsumerGroups()
        #expect(groups == [ConsumerGroupSnapshot(group: "billing", state: "Stable", partitions: [
            PartitionOffsets(topicPartition: .init(topic: "orders", partition: 0), committed: .sequence(1), end: .sequence(5)),
            PartitionOffsets(topicPartition: .init(topic: "orders", partition: 1), committed: nil, end: .sequence(5)),
        ])])
        let requests = fake.requests
        #expect(requests.filter { $0.api == "DescribeGroupsRequest" || $0.api == "OffsetFetchRequest" }.allSatisfy { $0.node == 2 })
        #expect(Set(requests.filter { $0.api == "ListGroupsRequest" }.map(\.node)) == [1, 2])
        #expect(Set(requests.filter { $0.api == "ListOffsetsRequest" }.map(\.node)) == [1, 2])
    }

    @Test func noReachableBootstrapIsUnreachable() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 1)
        let broker = Self.broker(fake, bootstrapPorts: [1, 2])
        await #expect(throws: EvmonError.self) { try await broker.listTopics() }
        do {
            _ = try await broker.listTopics()
        } catch let error as EvmonError {
            #expect(error.exitCode == 3)
        }
    }

    @Test func everyListenerHearsConnectionStatesStartingWithTheCurrentOne() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 1)
        let broker = Self.broker(fake, bootstrapPorts: [9001])
        var first = broker.connectionStates().makeAsyncIterator()
        #expect(await first.next() == .connecting)
        _ = try await broker.listTopics()
        #expect(await first.next() == .connected)
        var second = broker.connectionStates().makeAsyncIterator()
        #expect(await second.next() == .connected)
        await broker.shutdown()
        #expect(await first.next() == nil)
    }

    @Test func listeningConnectsByItselfAndReportsRetriesWhileNothingAnswers() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 1)
        let up = Self.broker(fake, bootstrapPorts: [9001])
        var states = up.connectionStates().makeAsyncIterator()
        #expect(await states.next() == .connecting)
        #expect(await states.next() == .connected)
        await up.shutdown()
        let down = Self.broker(fake, bootstrapPorts: [1])
        var downStates = down.connectionStates().makeAsyncIterator()
        #expect(await downStates.next() == .connecting)
        let next = await downStates.next()
        guard case .reconnecting(_, let reason) = next else {
            Issue.record("expected reconnecting, got \(String(describing: next))")
            return
        }
        #expect(reason == "connection refused")
        await down.shutdown()
    }

    @Test func reconnectStateMachineBacksOffAndReportsOnce() {
        var machine = ReconnectStateMachine()
        #expect(machine.requestSucceeded() == [])
        #expect(machine.connectionLost(reason: "closed", now: 1000) == [
            .report(.reconnecting(retryAt: 1100, reason: "closed")), .wait(milliseconds: 100),
        ])
        #expect(machine.connectionLost(reason: "refused", now: 2000) == [
            .report(.reconnecting(retryAt: 2200, reason: "refused")), .wait(milliseconds: 200),
        ])
        for _ in 0..<10 { _ = machine.connectionLost(reason: "refused", now: 0) }
        #expect(machine.connectionLost(reason: "refused", now: 0).last == .wait(milliseconds: 2000))
        #expect(machine.requestSucceeded() == [.report(.connected)])
        #expect(machine.requestSucceeded() == [])
    }

    /// A topic read to its end shows its true count even where ListOffsets trails the end: the
    /// Fetch answers' high watermarks win.
    @Test func countsTakeTheFreshestHighWatermarkFetchAnswersCarry() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1, 1: 1, 2: 1], count: 5)
        fake.listEndsShort(by: 2)
        let broker = Self.broker(fake, bootstrapPorts: [9001])
        let before = try await broker.listTopics()
        #expect(before.first?.partitions.map(\.endOffset) == [.sequence(3), .sequence(3), .sequence(3)])
        let (records, _) = try await Self.drain(broker, partitions: [0, 1, 2])
        #expect(records.values.map(\.count) == [5, 5, 5])
        let after = try await broker.listTopics()
        #expect(after.first?.partitions.map(\.endOffset) == [.sequence(5), .sequence(5), .sequence(5)])
        #expect(after.first?.messageCount == 15)
    }
}
