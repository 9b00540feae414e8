import Foundation
import NATSWire
import Synchronization
import EvmonModel
import EvmonBrokerKit

/// The NATS JetStream adapter: streams are topics with one partition, read through ephemeral
/// ordered push consumers of evmon's own (durables are never touched), over the native client
/// protocol (`NATSWire`).
public final class NATSBroker: BrokerAdapter {
    public let displayURL: String
    let client: NATSClient
    let clock: any WallClock
    /// Connects as soon as someone listens to connection states (the TUI waits for `.connected`).
    private let status = ConnectionStatus()
    /// evmon's own consumers still alive (name → stream), deleted at shutdown at the latest.
    let liveConsumers = Mutex<[String: String]>([:])
    /// Consumer advisories heard live, and the dead letters found so far.
    let advisoryFeed = NATSAdvisoryFeed()
    let advisoryLedger = NATSAdvisoryLedger()

    /// Opens the adapter for `nats://host:port` (`tls://` for TLS); credentials come from the
    /// environment (`NATSCredentials`). TLS files are read now; connects on first use.
    public init(
        host: BrokerURL.HostPort, tls: TLSOptions? = nil, clock: any WallClock = SystemClock(),
        secrets: BrokerSecrets = BrokerSecrets(environment: ProcessInfo.processInfo.environment)
    ) throws(EvmonError) {
        displayURL = BrokerURL.nats(host: host, tls: tls).description
        let credentials = try NATSCredentials.fromEnvironment(secrets.environment, url: displayURL)
        let client = try tls.map { options throws(EvmonError) in try TLSClient(options, keyPassword: secrets.variable("EVMON_TLS_KEY_PASSWORD")) }
        self.client = NATSClient(host: host, credentials: credentials, tls: client, displayURL: displayURL, advisories: advisoryFeed)
        self.clock = clock
    }

    func report(_ state: ConnectionState) {
        status.send(state)
    }

    /// Runs a call with a requester, turning whatever it throws into the `EvmonError` people see.
    func call<T: Sendable>(_ body: (NATSRequester) async throws -> T) async throws -> T {
        do {
            let result = try await body(try await client.requester())
            report(.connected)
            return result
        } catch {
            let failure = NATSClient.evmonError(error, url: displayURL)
            switch failure {
            case .unreachable(_, let reason), .authenticationFailed(_, let reason): report(.failed(reason: reason))
            default: break
            }
            throw failure
        }
    }

    /// A subject (wildcards included) tails the one stream that captures it, filtered.
    public var tailsSubjects: Bool { true }

    public func listTopics() async throws -> [TopicMetadata] {
        try await call { requester in
            try await requester.streams().map { TopicMetadata(name: $0.config.name, partitions: [Self.partition($0.state)]) }
        }
    }

    /// Partition 0 of a stream: from its first sequence to the next one it will assign (as
    /// Kafka's high watermark), with JetStream's own message count (deletions leave gaps).
    static func partition(_ state: JetStreamAPI.StreamState) -> PartitionMetadata {
        let end = Int64(clamping: state.lastSeq).clampedAdding(1)
        let start = state.messages == 0 ? end : min(end, Int64(clamping: state.firstSeq))
        return PartitionMetadata(id: 0, startOffset: .sequence(start), endOffset: .sequence(end), reportedMessageCount: Int64(clamping: state.messages))
    }

    /// One message by its stream sequence, read directly (`STREAM.MSG.GET`) rather than through a consumer.
    public func message(at offset: Offset, in topicPartition: TopicPartition) async throws -> Record? {
        guard topicPartition.partition == 0 else { throw EvmonError.unknownPartition(topic: topicPartition.topic, partition: topicPartition.partition, count: 1) }
        guard let sequence = offset.sequenceValue, sequence > 0 else { return nil }
        return try await call { requester in
            guard try await requester.streamInfo(topicPartition.topic) != nil else {
                throw EvmonError.unknownTopic(topicPartition.topic, known: try await requester.streamNames().sorted())
            }
            return try await requester.storedMessage(stream: topicPartition.topic, sequence: UInt64(sequence))
        }
    }

    public func connectionStates() -> AsyncStream<ConnectionState> {
        let url = displayURL
        return status.subscribe(
            clock: clock, connect: { [client] in _ = try await client.connection() },
            classify: { error in NATSClient.evmonError(error, url: url) },
            // No JetStream, or TLS required: retrying cannot help.
            isFinal: { error in [.noJetStream, .tlsRequired].contains(error as? NATSConnectionError) })
    }

    func registerConsumer(_ name: String, stream: String) {
        liveConsumers.withLock { $0[name] = stream }
    }

    /// Deletes one of evmon's consumers (best effort: the server reaps it anyway once inactive).
    func dropConsumer(_ name: String, stream: String) async {
        // Forgotten only once deleted, so that a shutdown meanwhile still deletes it before closing.
        defer { liveConsumers.withLock { _ = $0.removeValue(forKey: name) } }
        guard let connection = await client.live else { return }
        await NATSRequester(connection: connection, displayURL: displayURL).deleteConsumer(stream: stream, name: name)
    }

    public func shutdown() async {
        status.finish()
        let consumers = liveConsumers.withLock { consumers in
            defer { consumers = [:] }
            return consumers
        }
        if !consumers.isEmpty, let connection = await client.live {
            let requester = NATSRequester(connection: connection, displayURL: displayURL)
            await withTaskGroup(of: Void.self) { group in
                for (name, stream) in consumers { group.addTask { await requester.deleteConsumer(stream: stream, name: name) } }
            }
        }
        await client.shutdown()
    }
}
