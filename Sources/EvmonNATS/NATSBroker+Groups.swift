import EvmonModel

extension NATSBroker {
    /// One snapshot per consumer of every stream (the consumer is the group), except evmon's own
    /// ephemerals: committed = the ack floor's stream sequence, end = the stream's last sequence,
    /// lag = JetStream's `num_pending + num_ack_pending` (docs/CLI.md).
    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] {
        try await call { requester in
            var snapshots: [ConsumerGroupSnapshot] = []
            for info in try await requester.streams() {
                let stream = info.config.name
                let consumers = try await requester.consumers(of: stream)
                for consumer in consumers.sorted(by: { $0.name < $1.name }) where !consumer.name.hasPrefix(NATSOrderedConsumer.namePrefix) {
                    let offsets = PartitionOffsets(
                        topicPartition: TopicPartition(topic: stream, partition: 0),
                        committed: consumer.ackFloor.map { .sequence(Int64(clamping: $0.streamSeq)) },
                        end: .sequence(Int64(clamping: info.state.lastSeq)),
                        reportedLag: Int64(clamping: (consumer.numPending ?? 0).clampedAdding(consumer.numAckPending ?? 0)))
                    snapshots.append(ConsumerGroupSnapshot(group: consumer.name, state: Self.state(of: consumer), partitions: [offsets]))
                }
            }
            return snapshots
        }
    }

    /// `durable pull · 3 ack pending · 1 redelivered · 0 waiting`: what a person checks first.
    static func state(of consumer: JetStreamAPI.ConsumerInfo) -> String {
        let kind = consumer.config.durableName == nil ? "ephemeral" : "durable"
        let mode = consumer.config.deliverSubject == nil ? "pull" : "push"
        var parts = ["\(kind) \(mode)"]
        parts.append("\(consumer.numAckPending ?? 0) ack pending")
        parts.append("\(consumer.numRedelivered ?? 0) redelivered")
        if mode == "pull" { parts.append("\(consumer.numWaiting ?? 0) waiting") }
        return parts.joined(separator: " · ")
    }
}
