import KafkaWire
import EvmonModel

extension KafkaBroker {
    /// Every group on every broker, with a row per partition of each topic it consumes (has
    /// committed on, or a member subscribes to or is assigned): committed via OffsetFetch at the
    /// coordinator, end via ListOffsets latest. Observer only: nothing is joined or committed.
    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] {
        try await call {
            let groups = try await allGroups()
            var snapshots: [ConsumerGroupSnapshot] = []
            var wanted: Set<TopicPartition> = []
            var perGroup: [(String, String?, [TopicPartition], [TopicPartition: Int64])] = []
            for group in groups.sorted() {
                let (state, subscribed, committed) = try await KafkaRetry.run(cluster) { try await describe(group) }
                var topics = subscribed
                for topicPartition in committed.keys { topics.insert(topicPartition.topic) }
                var partitions: [TopicPartition] = []
                for topic in topics.sorted() {
                    // A topic with commits that no longer exists keeps its committed rows.
                    let ids = try await knownPartitions(of: topic) ?? committed.keys.filter { $0.topic == topic }.map(\.partition).sorted()
                    partitions += ids.map { TopicPartition(topic: topic, partition: $0) }
                }
                wanted.formUnion(partitions)
                perGroup.append((group, state, partitions, committed))
            }
            let ends = wanted.isEmpty ? [:] : try await cluster.offsets(Dictionary(wanted.map { ($0, ListOffsetsRequest.latest) }) { first, _ in first })
            for (group, state, partitions, committed) in perGroup {
                snapshots.append(ConsumerGroupSnapshot(group: group, state: state, partitions: partitions.map { topicPartition in
                    PartitionOffsets(
                        topicPartition: topicPartition, committed: committed[topicPartition].map(Offset.sequence),
                        end: ends[topicPartition].map(Offset.sequence))
                }))
            }
            report(.connected)
            return snapshots
        }
    }

    /// Group ids from ListGroups on every broker (each lists the groups it coordinates).
    private func allGroups() async throws -> Set<String> {
        try await KafkaRetry.run(cluster) {
            var groups: Set<String> = []
            for node in try await cluster.brokerIDs() {
                let response: ListGroupsResponse
                do {
                    response = try await cluster.connection(node: node).send(ListGroupsRequest(), as: ListGroupsResponse.self)
                } catch let error as KafkaConnectionError {
                    await cluster.connectionFailed(node: node)
                    throw error
                }
                guard response.errorCode == 0 else { throw KafkaRetry.brokerError(response.errorCode, "ListGroups") }
                // A group id no classic request can carry (over 32,767 bytes) cannot be described.
                for group in response.groups where (group.protocolType.isEmpty || group.protocolType == "consumer")
                    && group.groupID.utf8.count <= Int(Int16.max) {
                    groups.insert(group.groupID)
                }
            }
            return groups
        }
    }

    /// A group's state, the topics its members subscribe to or hold, and its commits (≥ 0 only).
    private func describe(_ group: String) async throws -> (String?, Set<String>, [TopicPartition: Int64]) {
        let (node, coordinator) = try await cluster.coordinator(of: group)
        do {
            let description = try await coordinator.send(DescribeGroupsRequest(groups: [group]), as: DescribeGroupsResponse.self)
            let described = description.groups.first { $0.groupID == group }
            if let described, described.errorCode != 0 {
                throw KafkaRetry.brokerError(described.errorCode, "DescribeGroups for '\(group)'")
            }
            var offsets = try await coordinator.send(OffsetFetchRequest(group: group), as: OffsetFetchResponse.self)
            guard offsets.errorCode == 0 else { throw KafkaRetry.brokerError(offsets.errorCode, "OffsetFetch for '\(group)'") }
            if offsets.partitions.isEmpty {
                // Brokers that do not answer "all topics" (Tansu) are asked for every partition by name.
                let everything = try await cluster.topics().mapValues { $0.map(Int32.init) }
                if !everything.isEmpty {
                    offsets = try await coordinator.send(OffsetFetchRequest(group: group, topics: everything), as: OffsetFetchResponse.self)
                }
            }
            var committed: [TopicPartition: Int64] = [:]
            for partition in offsets.partitions where partition.errorCode == 0 && partition.committedOffset >= 0 {
                committed[TopicPartition(topic: partition.topic, partition: Int(partition.partition))] = partition.committedOffset
            }
            return (described?.state, described?.topics ?? [], committed)
        } catch let error as KafkaConnectionError {
            await cluster.connectionFailed(node: node)
            throw error
        }
    }

    /// `topic`'s partition ids, from the cache or fresh metadata; `nil` for a topic that does not exist.
    func knownPartitions(of topic: String) async throws -> [Int]? {
        if let ids = await cluster.partitionIDs[topic] { return ids }
        try await cluster.refreshMetadata(topics: [topic])
        return await cluster.partitionIDs[topic]
    }
}
