import EvmonTestSupport
import Testing
import EvmonModel
import EvmonApp

@Suite struct TopicBufferTests {
    @Test func splitsTheRecordBudgetEvenlyAcrossPartitions() {
        var buffer = TopicBuffer(recordCapacity: 9, byteCapacity: 1 << 20)
        buffer.declare(partitionIDs: 0..<3)
        buffer.append(RecordFixtures.batch(partition: 0, offsets: 0..<10).records, partition: 0, firstArrival: 0)
        buffer.append(RecordFixtures.batch(partition: 1, offsets: 0..<2).records, partition: 1, firstArrival: 10)
        // A hot partition keeps only its share; a quiet one keeps what it has.
        #expect(buffer.partitions[0]!.map(\.record.offset) == [7, 8, 9].map(Offset.sequence))
        #expect(buffer.partitions[1]!.count == 2)
        #expect(buffer.count == 5)
        #expect(buffer.droppedCount == 7)
    }

    @Test func aNewPartitionShrinksTheOthersAndCountsWhatItEvicts() {
        var buffer = TopicBuffer(recordCapacity: 4, byteCapacity: 1 << 20)
        buffer.append(RecordFixtures.batch(partition: 0, offsets: 0..<4).records, partition: 0, firstArrival: 0)
        #expect(buffer.count == 4)
        buffer.append(RecordFixtures.batch(partition: 1, offsets: 0..<1).records, partition: 1, firstArrival: 4)
        #expect(buffer.partitions[0]!.count == 2)
        #expect(buffer.droppedCount == 2)
        #expect(buffer.count == 3)
    }

    @Test func theByteBudgetEvictsTheOldestArrivalsFirst() {
        var buffer = TopicBuffer(recordCapacity: 100, byteCapacity: 250)
        buffer.declare(partitionIDs: 0..<2)
        // Each record carries 1 key byte + 100 value bytes.
        buffer.append(RecordFixtures.batch(partition: 0, offsets: 0..<1, valueSize: 100).records, partition: 0, firstArrival: 0)
        buffer.append(RecordFixtures.batch(partition: 1, offsets: 0..<1, valueSize: 100).records, partition: 1, firstArrival: 1)
        buffer.append(RecordFixtures.batch(partition: 1, offsets: 1..<2, valueSize: 100).records, partition: 1, firstArrival: 2)
        #expect(buffer.byteCount == 202)
        #expect(buffer.partitions[0]!.isEmpty)
        #expect(buffer.partitions[1]!.map(\.arrival) == [1, 2])
        #expect(buffer.droppedCount == 1)
    }

    @Test func newestMergesPartitionsInArrivalOrder() {
        var buffer = TopicBuffer(recordCapacity: 100, byteCapacity: 1 << 20)
        buffer.append(RecordFixtures.batch(partition: 0, offsets: 0..<2).records, partition: 0, firstArrival: 0)
        buffer.append(RecordFixtures.batch(partition: 1, offsets: 0..<2).records, partition: 1, firstArrival: 2)
        buffer.append(RecordFixtures.batch(partition: 0, offsets: 2..<3).records, partition: 0, firstArrival: 4)
        #expect(buffer.newest(10).map(\.arrival) == [0, 1, 2, 3, 4])
        #expect(buffer.newest(2).map(\.arrival) == [3, 4])
        #expect(buffer.newest(0).isEmpty)
        let partitions = buffer.newest(3).map(\.record.partition)
        #expect(partitions == [1, 1, 0])
    }

    @Test func removeAllForgetsRecordsButKeepsDrops() {
        var buffer = TopicBuffer(recordCapacity: 2, byteCapacity: 1 << 20)
        buffer.append(RecordFixtures.batch(offsets: 0..<3).records, partition: 0, firstArrival: 0)
        buffer.removeAll()
        #expect(buffer.count == 0)
        #expect(buffer.byteCount == 0)
        #expect(buffer.droppedCount == 1)
    }
}
