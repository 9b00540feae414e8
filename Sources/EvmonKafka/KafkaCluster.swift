import KafkaWire
import EvmonModel

/// Routing over a Kafka cluster: bootstrap, the metadata cache (who leads which partition),
/// one connection per broker, and the coordinator of each group.
///
/// Connections that fail are dropped; the next call opens a fresh one. Callers that see
/// NOT_LEADER_OR_FOLLOWER and friends call `invalidateMetadata()` and retry.
actor KafkaCluster {
    let displayURL: String
    private let bootstrap: [BrokerURL.HostPort]
    private let connector: any KafkaConnector
    private var brokers: [Int32: BrokerURL.HostPort] = [:]
    private var connections: [Int32: any KafkaBrokerConnection] = [:]
    private var bootstrapConnection: (any KafkaBrokerConnection)?
    private var leaders: [TopicPartition: Int32] = [:]
    /// Partition ids per topic, as of the last metadata.
    private(set) var partitionIDs: [String: [Int]] = [:]
    private var internalTopics: Set<String> = []
    private var metadataIsStale = true

    init(displayURL: String, bootstrap: [BrokerURL.HostPort], connector: any KafkaConnector) {
        self.displayURL = displayURL
        self.bootstrap = bootstrap
        self.connector = connector
    }

    // MARK: - Connections

    /// A connection to any broker: a known one first, else the bootstrap list in order.
    private func anyConnection() async throws -> any KafkaBrokerConnection {
        if let bootstrapConnection { return bootstrapConnection }
        if let (_, connection) = connections.first { return connection }
        var reasons: [String] = []
        let candidates = bootstrap + brokers.values.filter { !bootstrap.contains($0) }
        for host in candidates {
            do {
                let connection = try await connector.connect(host: host.host, port: host.port)
                if let existing = bootstrapConnection {
                    connection.close()
                    return existing
                }
                bootstrapConnection = connection
                return connection
            } catch let error as KafkaConnectionError {
                if case .authenticationFailed(let reason) = error {
                    throw EvmonError.authenticationFailed(url: displayURL, reason: reason)
                }
                reasons.append(candidates.count > 1 ? "\(host): \(error)" : error.description)
            }
        }
        throw EvmonError.unreachable(url: displayURL, reason: reasons.joined(separator: "; "))
    }

    /// The connection to broker `node`, opened when needed.
    func connection(node: Int32) async throws -> any KafkaBrokerConnection {
        if let connection = connections[node] { return connection }
        guard let address = brokers[node] else {
            metadataIsStale = true
            throw KafkaConnectionError.connectFailed("broker \(node) is not in the metadata")
        }
        let connection = try await connector.connect(host: address.host, port: address.port)
        if let existing = connections[node] {
            connection.close()
            return existing
        }
        connections[node] = connection
        return connection
    }

    /// Forgets a connection that failed, so the next call reconnects.
    func connectionFailed(node: Int32?) {
        if let node, let connection = connections.removeValue(forKey: node) { connection.close() }
        if node == nil, let connection = bootstrapConnection {
            connection.close()
            bootstrapConnection = nil
        }
        metadataIsStale = true
    }

    /// Marks the cached leaders as doubtful; the next lookup refreshes them.
    func invalidateMetadata() {
        metadataIsStale = true
    }

    func shutdown() {
        for connection in connections.values { connection.close() }
        bootstrapConnection?.close()
        connections = [:]
        bootstrapConnection = nil
    }

    // MARK: - Metadata

    /// Fresh metadata for `topics` (`nil`: all), updating the cache.
    @discardableResult
    func refreshMetadata(topics: [String]? = nil) async throws -> MetadataResponse {
        let connection = try await anyConnection()
        let response: MetadataResponse
        do {
            response = try await connection.send(MetadataRequest(topics: topics), as: MetadataResponse.self)
        } catch let error as KafkaConnectionError {
            connectionFailed(node: nil)
            throw error
        }
        apply(response, complete: topics == nil)
        return response
    }

    private func apply(_ response: MetadataResponse, complete: Bool) {
        var addresses: [Int32: BrokerURL.HostPort] = [:]
        for broker in response.brokers {
            addresses[broker.nodeID] = BrokerURL.HostPort(host: broker.host, port: Int(broker.port))
        }
        // A broker that moved or left: its connection goes.
        for (node, connection) in connections where addresses[node] != brokers[node] {
            connection.close()
            connections[node] = nil
        }
        brokers = addresses
        if complete { partitionIDs = [:] }
        for topic in response.topics where topic.errorCode == 0 || !topic.partitions.isEmpty {
            // A partition listed twice is one partition; a negative index is none.
            partitionIDs[topic.name] = Set(topic.partitions.map { Int($0.index) }.filter { $0 >= 0 }).sorted()
            if topic.isInternal { internalTopics.insert(topic.name) }
            for partition in topic.partitions {
                leaders[TopicPartition(topic: topic.name, partition: Int(partition.index))] = partition.leaderID
            }
        }
        metadataIsStale = false
    }

    /// Every topic and its partition ids (internal topics left out).
    func topics() async throws -> [String: [Int]] {
        try await refreshMetadata()
        return partitionIDs.filter { !internalTopics.contains($0.key) }
    }

    /// The broker leading `topicPartition`, refreshing stale metadata first.
    func leader(of topicPartition: TopicPartition) async throws -> Int32? {
        if metadataIsStale || leaders[topicPartition] == nil {
            try await refreshMetadata(topics: [topicPartition.topic])
        }
        guard let leader = leaders[topicPartition], leader >= 0 else { return nil }
        return leader
    }

    /// Every broker id in the metadata.
    func brokerIDs() async throws -> [Int32] {
        if brokers.isEmpty || metadataIsStale { try await refreshMetadata(topics: []) }
        return brokers.keys.sorted()
    }

    /// The connection to `group`'s coordinator.
    func coordinator(of group: String) async throws -> (Int32, any KafkaBrokerConnection) {
        let response: FindCoordinatorResponse
        do {
            response = try await anyConnection().send(FindCoordinatorRequest(group: group), as: FindCoordinatorResponse.self)
        } catch let error as KafkaConnectionError {
            connectionFailed(node: nil)
            throw error
        }
        guard response.errorCode == 0 else {
            throw KafkaRetry.brokerError(response.errorCode, "FindCoordinator for group '\(group)'")
        }
        let address = BrokerURL.HostPort(host: response.host, port: Int(response.port))
        if brokers[response.nodeID] != address { brokers[response.nodeID] = address }
        return (response.nodeID, try await connection(node: response.nodeID))
    }
}
