import Testing
import EvmonModel
import EvmonApp

@Suite struct TopicMetadataTests {
    @Test func messagesAreEndMinusStartSummedOverPartitions() {
        let topic = TopicMetadata(name: "orders", partitions: [
            PartitionMetadata(id: 0, startOffset: .sequence(10), endOffset: .sequence(25)),
            PartitionMetadata(id: 1, startOffset: .sequence(0), endOffset: .sequence(5)),
            PartitionMetadata(id: 2, startOffset: nil, endOffset: nil),
        ])
        #expect(topic.messageCount == 20)
        // Rates are measured on what was ever written: the end offsets.
        #expect(topic.writtenCount == 30)
        #expect(topic.partition(1)?.endOffset == .sequence(5))
        #expect(topic.partition(9) == nil)
    }

    @Test func brokerCountsWinWhereIdsDoNotSubtract() {
        let stream = TopicMetadata(name: "events", partitions: [
            PartitionMetadata(
                id: 0, startOffset: .streamID(milliseconds: 1, sequence: 0), endOffset: .streamID(milliseconds: 9, sequence: 3),
                reportedMessageCount: 42),
        ])
        #expect(stream.messageCount == 42)
        #expect(stream.writtenCount == 42)
    }
}

@Suite struct GroupStateTests {
    func history(_ lags: [Int64], committed: [Int64]) -> PartitionLagHistory {
        let partition = TopicPartition(topic: "t", partition: 0)
        var history: PartitionLagHistory?
        for (index, (lag, offset)) in zip(lags, committed).enumerated() {
            let offsets = PartitionOffsets(topicPartition: partition, committed: .sequence(offset), end: .sequence(offset + lag))
            if history == nil {
                history = PartitionLagHistory(first: offsets, at: 0, capacity: 10, healthWindow: 10)
            } else {
                history!.record(offsets, at: Int64(index) * 1_000)
            }
        }
        return history!
    }

    @Test func theWorstPartitionSpeaksForTheGroup() {
        var group = GroupState(group: "g", brokerState: "Stable", polledAt: 0)
        group.partitions[TopicPartition(topic: "t", partition: 0)] = history([0, 0, 0], committed: [1, 2, 3])
        #expect(group.worstHealth == .ok)
        group.partitions[TopicPartition(topic: "t", partition: 1)] = history([5, 6, 9], committed: [1, 2, 3])
        #expect(group.worstHealth == .warn)
        group.partitions[TopicPartition(topic: "t", partition: 2)] = history([5, 6, 9], committed: [9, 8, 7])
        #expect(group.worstHealth == .rewind)
        #expect(group.totalLag == 18)
    }

    @Test func aGroupWithoutPartitionsIsUnknown() {
        #expect(GroupState(group: "g", brokerState: nil, polledAt: 0).worstHealth == .unknown)
        #expect(GroupState(group: "g", brokerState: nil, polledAt: 0).totalLag == nil)
    }
}
