import KafkaWire
import Testing
import EvmonModel
@testable import EvmonKafka

/// Produce retries only while the broker certainly did not store the message; once it may have,
/// the outcome is reported as unknown rather than risking a duplicate.
struct KafkaProduceTests {
    static let replay = OutgoingMessage(topic: "orders", partition: 0, key: nil, value: Array("replayed".utf8))

    static func produces(_ fake: FakeKafkaCluster) -> [Int32] {
        fake.requests.filter { $0.api == "ProduceRequest" }.map(\.node)
    }

    @Test func aProduceThatTimesOutIsOutcomeUnknownAndNotResent() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.failAfterSending(KafkaConnectionError.timedOut(.produce))])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let error = await #expect(throws: EvmonError.self) { try await broker.produce(Self.replay) }
        #expect(error == .outcomeUnknown(url: "kafka://fake", reason: "Produce to orders/0 got no answer: Produce request timed out"))
        #expect(error?.exitCode == 3)
        #expect(Self.produces(fake) == [1])
        #expect(fake.stored(partition: 0) == 1)
    }

    @Test func aProduceWhoseConnectionClosesAfterSendingIsOutcomeUnknownAndNotResent() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.failAfterSending(KafkaConnectionError.closedAwaitingResponse)])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let error = await #expect(throws: EvmonError.self) { try await broker.produce(Self.replay) }
        #expect(error == .outcomeUnknown(
            url: "kafka://fake", reason: "Produce to orders/0 got no answer: connection closed before the answer came"))
        #expect(Self.produces(fake) == [1])
        #expect(fake.stored(partition: 0) == 1)
    }

    @Test func aProduceThatFailsOnASocketErrorAfterSendingIsOutcomeUnknown() async throws {
        struct ConnectionReset: Error, CustomStringConvertible { var description: String { "connection reset by peer" } }
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.failAfterSending(ConnectionReset())])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let error = await #expect(throws: EvmonError.self) { try await broker.produce(Self.replay) }
        #expect(error == .outcomeUnknown(url: "kafka://fake", reason: "Produce to orders/0 got no answer: connection reset by peer"))
        #expect(Self.produces(fake) == [1])
    }

    @Test func aProduceRefusedBeforeSendingIsRetriedAndStoredOnce() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.failBeforeSending(.closed)])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let position = try await broker.produce(Self.replay)
        #expect(position == ProducedPosition(topicPartition: .init(topic: "orders", partition: 0), offset: .sequence(5)))
        #expect(Self.produces(fake) == [1])
        #expect(fake.stored(partition: 0) == 1)
    }

    @Test func aProduceWhoseLeaderRefusesTheFirstConnectionIsRetried() async throws {
        // Node 1 answers metadata; node 2 leads and refuses the first connection.
        let fake = FakeKafkaCluster(nodes: [1, 2], leaders: [0: 2], count: 5)
        fake.failConnects(to: 2, count: 1)
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let position = try await broker.produce(Self.replay)
        #expect(position.offset == .sequence(5))
        #expect(Self.produces(fake) == [2])
        #expect(fake.stored(partition: 0) == 1)
    }

    @Test func aRetriableBrokerErrorIsRetriedAndTheSecondAnswerCounts() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.answer(errorCode: KafkaErrorCode.notLeaderOrFollower.rawValue), .store])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let position = try await broker.produce(Self.replay)
        #expect(position == ProducedPosition(topicPartition: .init(topic: "orders", partition: 0), offset: .sequence(5)))
        #expect(Self.produces(fake) == [1, 1])
        #expect(fake.stored(partition: 0) == 1)
        // The retry asked for fresh metadata first: the leader may have moved.
        let apis = fake.requests.map(\.api)
        let firstProduce = apis.firstIndex(of: "ProduceRequest")!
        #expect(apis[firstProduce + 1] == "MetadataRequest")
    }

    @Test func aNonRetriableBrokerErrorFailsWithTheBrokersText() async throws {
        let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
        fake.scriptProduces([.answer(errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue)])
        let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
        let error = await #expect(throws: EvmonError.self) { try await broker.produce(Self.replay) }
        #expect(error == .broker(url: "kafka://fake", reason: "Produce to orders/0: TOPIC_AUTHORIZATION_FAILED (29)"))
        #expect(Self.produces(fake) == [1])
    }

    @Test func anAnswerThatTheBrokerAppendedButCouldNotReplicateIsOutcomeUnknown() async throws {
        // REQUEST_TIMED_OUT is retriable for reads, but for a Produce with acks=all it comes after
        // the leader appended the message: resending could store it twice.
        for code: Int16 in [KafkaErrorCode.requestTimedOut.rawValue, 20] {
            let fake = FakeKafkaCluster(nodes: [1], leaders: [0: 1], count: 5)
            fake.scriptProduces([.answer(errorCode: code)])
            let broker = KafkaRoutingTests.broker(fake, bootstrapPorts: [9001])
            let error = await #expect(throws: EvmonError.self) { try await broker.produce(Self.replay) }
            guard case .outcomeUnknown(_, let reason)? = error else {
                Issue.record("expected outcome unknown for \(code), got \(String(describing: error))")
                continue
            }
            #expect(reason.contains("(\(code))"), "\(reason)")
            #expect(Self.produces(fake) == [1])
        }
    }

    @Test func readsStillRetryWhatAProduceReportsAsUnknown() {
        for error: KafkaConnectionError in [.closed, .closedAwaitingResponse, .timedOut(.fetch), .connectFailed("refused")] {
            #expect(KafkaRetry.isRetriable(error), "\(error)")
        }
        #expect(KafkaRetry.mayHaveReachedBroker(KafkaConnectionError.closedAwaitingResponse))
        #expect(KafkaRetry.mayHaveReachedBroker(KafkaConnectionError.timedOut(.produce)))
        #expect(!KafkaRetry.mayHaveReachedBroker(KafkaConnectionError.closed))
        #expect(!KafkaRetry.mayHaveReachedBroker(KafkaConnectionError.connectFailed("refused")))
        #expect(!KafkaRetry.mayHaveReachedBroker(KafkaConnectionError.unsupportedApi(.produce)))
    }
}
