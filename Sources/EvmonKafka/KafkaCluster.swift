import KafkaWire
import EvmonModel

/// Routing over a Kafka cluster: bootstrap, the metadata cache (who leads which partition),
/// one shared connection per broker (and one per tail for its fetches), and the coordinator of
/// each group.
///
/// Connections that fail are dropped; the next call opens a fresh one. Callers that see
/// NOT_LEADER_OR_FOLLOWER and friends call `invalidateMetadata()` and retry.
actor KafkaCluster {
    let displayURL: String
    private let bootstrap: [BrokerURL.HostPort]
    private let connector: any KafkaConnector
    private var brokers: [Int32: BrokerURL.HostPort] = [:]
    private var connections: [Int32: any KafkaBrokerConnection] = [:]
    /// Each tail's own connections for its fetches, by lane: a broker answers one connection's
    /// requests in order, so a fetch held for its wait would hold up every other request (a new
    /// tail's offsets after a seek, a lag poll) sent on a shared one.
    private var laneConnections: [Lane: any KafkaBrokerConnection] = [:]
    private var bootstrapConnection: (any KafkaBrokerConnection)?
    private var leaders: [TopicPartition: Int32] = [:]
    /// Partition ids per topic, as of the last metadata.
    private(set) var partitionIDs: [String: [Int]] = [:]
    private var internalTopics: Set<String> = []
    private var metadataIsStale = true
    /// Each partition's high watermark as the latest Fetch answer gave it. Fetch answers carry
    /// the true end; some brokers' ListOffsets trail it (Tansu after multi-record batches), so
    /// counts, rates and lag take the larger of the two.
    private var fetchedHighWatermarks: [TopicPartition: Int64] = [:]

    init(displayURL: String, bootstrap: [BrokerURL.HostPort], connector: any KafkaConnector) {
        self.displayURL = displayURL
        self.bootstrap = bootstrap
        self.connector = connector
    }

    // MARK: - Connections

    /// A connection to any broker: a known one first, else the bootstrap list in order.
    /// `node` says which it was (`nil`: the bootstrap one), so a failure drops that one.
    private func anyConnection() async throws -> (node: Int32?, connection: any KafkaBrokerConnection) {
        if let connection = bootstrapConnection {
            guard connection.isExpiring else { return (nil, connection) }
            retire(connection)
            bootstrapConnection = nil
        }
        if let (node, connection) = connections.first { return (node, connection) }
        var reasons: [String] = []
        let candidates = bootstrap + brokers.values.filter { !bootstrap.contains($0) }
        for host in candidates {
            do {
                let connection = try await connector.connect(host: host.host, port: host.port)
                if let existing = bootstrapConnection {
                    connection.close()
                    return (nil, existing)
                }
                bootstrapConnection = connection
                return (nil, connection)
            } catch let error as KafkaConnectionError {
                if case .authenticationFailed(let reason) = error {
                    throw EvmonError.authenticationFailed(url: displayURL, reason: reason)
                }
                reasons.append(candidates.count > 1 ? "\(host): \(error)" : error.description)
            }
        }
        throw EvmonError.unreachable(url: displayURL, reason: reasons.joined(separator: "; "))
    }

    /// One tail's connection to one broker.
    private struct Lane: Hashable {
        var node: Int32
        var owner: Int
    }

    /// The connection to broker `node` for `lane`'s requests (`nil`: the shared one), opened when needed.
    func connection(node: Int32, lane: Int?) async throws -> any KafkaBrokerConnection {
        guard let lane else { return try await connection(node: node) }
        let key = Lane(node: node, owner: lane)
        if let connection = laneConnections[key] {
            guard connection.isExpiring else { return connection }
            retire(laneConnections.removeValue(forKey: key))
        }
        guard let address = brokers[node] else { return try await connection(node: node) }
        let connection = try await connector.connect(host: address.host, port: address.port)
        if let existing = laneConnections[key] {
            connection.close()
            return existing
        }
        laneConnections[key] = connection
        return connection
    }

    /// Forgets `lane`'s connection to `node` that failed, so its next fetch reconnects.
    func connectionFailed(node: Int32, lane: Int?) {
        guard let lane else { return connectionFailed(node: node) }
        laneConnections.removeValue(forKey: Lane(node: node, owner: lane))?.close()
        metadataIsStale = true
    }

    /// Closes every connection of `lane`: its tail ended.
    func closeLane(_ lane: Int) {
        for (key, connection) in laneConnections where key.owner == lane {
            connection.close()
            laneConnections[key] = nil
        }
    }

    /// The connection to broker `node`, opened when needed.
    func connection(node: Int32) async throws -> any KafkaBrokerConnection {
        if let connection = connections[node] {
            guard connection.isExpiring else { return connection }
            retire(connections.removeValue(forKey: node))
        }
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

    /// Stops handing out a connection whose session the broker is about to end; requests
    /// already on it get their answers before it closes.
    private func retire(_ connection: (any KafkaBrokerConnection)?) {
        guard let connection else { return }
        Task {
            try? await Task.sleep(for: .seconds(30))
            connection.close()
        }
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
        for connection in laneConnections.values { connection.close() }
        bootstrapConnection?.close()
        connections = [:]
        laneConnections = [:]
        bootstrapConnection = nil
    }

    // MARK: - Metadata

    /// Fresh metadata for `topics` (`nil`: all), updating the cache.
    @discardableResult
    func refreshMetadata(topics: [String]? = nil) async throws -> MetadataResponse {
        let (node, connection) = try await anyConnection()
        let response: MetadataResponse
        do {
            response = try await connection.send(MetadataRequest(topics: topics), as: MetadataResponse.self)
        } catch let error as KafkaConnectionError {
            // The one that failed goes, whichever it was: a broker connection that died while
            // only a tail's own connections were used would otherwise be asked again and again.
            connectionFailed(node: node)
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
        for (key, connection) in laneConnections where addresses[key.node] != brokers[key.node] {
            connection.close()
            laneConnections[key] = nil
        }
        brokers = addresses
        if complete {
            partitionIDs = [:]
            // A topic gone from the metadata takes its ends along (a topic made anew starts over).
            let listed = Set(response.topics.map(\.name))
            fetchedHighWatermarks = fetchedHighWatermarks.filter { listed.contains($0.key.topic) }
        }
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

    /// Remembers the high watermarks a Fetch answer reported (the newest answer wins).
    func sawHighWatermarks(_ ends: [TopicPartition: Int64]) {
        fetchedHighWatermarks.merge(ends.filter { $0.value >= 0 }) { _, newest in newest }
    }

    /// The end of `topicPartition` as the latest Fetch answer gave it, if one did.
    func fetchedHighWatermark(of topicPartition: TopicPartition) -> Int64? {
        fetchedHighWatermarks[topicPartition]
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
        let (asked, askedConnection) = try await anyConnection()
        let response: FindCoordinatorResponse
        do {
            response = try await askedConnection.send(FindCoordinatorRequest(group: group), as: FindCoordinatorResponse.self)
        } catch let error as KafkaConnectionError {
            connectionFailed(node: asked)
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
