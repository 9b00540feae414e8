import Foundation
import KafkaWire
import Synchronization
import EvmonModel
import EvmonBrokerKit

/// The Kafka adapter: observer-only reads over the native protocol (never joins a group, never
/// commits), Produce for replays. Routing and retries live in `KafkaCluster`.
public final class KafkaBroker: BrokerAdapter {
    public let displayURL: String
    let cluster: KafkaCluster
    let clock: any WallClock
    /// Connects as soon as someone listens to connection states (the TUI waits for `.connected`).
    private let status = ConnectionStatus()

    /// Opens the adapter for `kafka://` URL parts, with secrets from the environment or the
    /// profile; TLS files are read now (a bad one is a usage error), connections open on first use.
    public convenience init(
        hosts: [BrokerURL.HostPort], tls: TLSOptions?, sasl: String?, secrets: BrokerSecrets, clock: any WallClock = SystemClock()
    ) throws(EvmonError) {
        let url = BrokerURL.kafka(hosts: hosts, tls: tls, sasl: sasl).description
        let client = try tls.map { options throws(EvmonError) in try TLSClient(options, keyPassword: secrets.variable("EVMON_TLS_KEY_PASSWORD")) }
        let authentication = try sasl.map { mechanism throws(EvmonError) in try KafkaAuthentication.named(mechanism, secrets: secrets, url: url) }
        self.init(displayURL: url, hosts: hosts, connector: NIOKafkaConnector(tls: client, sasl: authentication), clock: clock)
    }

    init(displayURL: String, hosts: [BrokerURL.HostPort], connector: any KafkaConnector, clock: any WallClock = SystemClock()) {
        self.displayURL = displayURL
        self.clock = clock
        cluster = KafkaCluster(displayURL: displayURL, bootstrap: hosts, connector: connector)
    }

    /// Tells `connectionStates()` listeners.
    func report(_ state: ConnectionState) {
        status.send(state)
    }

    public func listTopics() async throws -> [TopicMetadata] {
        try await call {
            let topics = try await cluster.topics()
            let partitions = topics.flatMap { topic, ids in ids.map { TopicPartition(topic: topic, partition: $0) } }
            let (start, end) = try await cluster.bounds(partitions)
            report(.connected)
            return topics.keys.sorted().map { name in
                TopicMetadata(name: name, partitions: topics[name]!.map { id in
                    let topicPartition = TopicPartition(topic: name, partition: id)
                    return PartitionMetadata(
                        id: id, startOffset: start[topicPartition].map(Offset.sequence),
                        endOffset: end[topicPartition].map(Offset.sequence))
                })
            }
        }
    }

    public func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let engine = TailEngine(
            source: KafkaTailSource(broker: self, request: request), batchSize: request.maxBatchSize, displayURL: displayURL, clock: clock,
            report: { [weak self] state in self?.report(state) })
        // At most one fetch ahead of the reader.
        return engine.stream(evmonError: { [cluster] error in await KafkaRetry.evmonError(error, cluster) })
    }

    public func connectionStates() -> AsyncStream<ConnectionState> {
        // Reached once any bootstrap broker answers for metadata.
        status.subscribe(
            clock: clock, connect: { [cluster] in try await cluster.refreshMetadata(topics: []) },
            classify: { [cluster] error in await KafkaRetry.evmonError(error, cluster) })
    }

    public func shutdown() async {
        status.finish()
        await cluster.shutdown()
    }

    /// Kafka's own limit on topic names; a longer one names no topic and could not be encoded by
    /// the classic request versions old brokers speak.
    static let maximumTopicNameBytes = 249

    /// Refuses a topic name no Kafka topic can have, before it reaches a request.
    static func checkTopicName(_ name: String) throws(EvmonError) {
        guard name.utf8.count <= maximumTopicNameBytes else {
            throw .usage("a topic name of \(name.utf8.count) bytes: Kafka topic names have at most \(maximumTopicNameBytes)")
        }
    }

    /// Runs a call, turning whatever it throws into the `EvmonError` people see.
    func call<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let failure = await KafkaRetry.evmonError(error, cluster)
            if case .unreachable(_, let reason) = failure { report(.failed(reason: reason)) }
            throw failure
        }
    }
}
