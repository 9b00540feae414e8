import Testing
import EvmonModel

@Suite struct RingBufferTests {
    @Test func holdsEverythingUntilFull() {
        var ring = RingBuffer<Int>(capacity: 3)
        #expect(ring.append(1) == nil)
        #expect(ring.append(2) == nil)
        #expect(Array(ring) == [1, 2])
        #expect(ring.droppedCount == 0)
        #expect(ring.appendedCount == 2)
    }

    @Test func wrapsEvictingTheOldestAndCountingDrops() {
        var ring = RingBuffer<Int>(capacity: 3)
        for value in 1...3 { ring.append(value) }
        #expect(ring.append(4) == 1)
        #expect(ring.append(5) == 2)
        #expect(Array(ring) == [3, 4, 5])
        #expect(ring.droppedCount == 2)
        #expect(ring.appendedCount == 5)
        #expect(ring.oldest == 3)
        #expect(ring.newest == 5)
    }

    @Test func wrapsManyTimesWithoutGrowing() {
        var ring = RingBuffer<Int>(capacity: 7)
        for value in 0..<10_000 { ring.append(value) }
        #expect(ring.count == 7)
        #expect(Array(ring) == Array(9_993..<10_000))
        #expect(ring.droppedCount == 9_993)
    }

    @Test func shrinkingEvictsOldestAndCountsThem() {
        var ring = RingBuffer<Int>(capacity: 5)
        for value in 1...5 { ring.append(value) }
        #expect(ring.resize(to: 2) == [1, 2, 3])
        #expect(Array(ring) == [4, 5])
        #expect(ring.droppedCount == 3)
        ring.append(6)
        #expect(Array(ring) == [5, 6])
    }

    @Test func growingKeepsEverything() {
        var ring = RingBuffer<Int>(capacity: 2)
        ring.append(1)
        ring.append(2)
        #expect(ring.resize(to: 4).isEmpty)
        ring.append(3)
        #expect(Array(ring) == [1, 2, 3])
    }

    @Test func removeAllIsASeekNotADrop() {
        var ring = RingBuffer<Int>(capacity: 2)
        for value in 1...3 { ring.append(value) }
        ring.removeAll()
        #expect(ring.isEmpty)
        #expect(ring.droppedCount == 1)
    }

    @Test func dropOldestCounts() {
        var ring = RingBuffer<Int>(capacity: 3)
        #expect(ring.dropOldest() == nil)
        ring.append(1)
        ring.append(2)
        #expect(ring.dropOldest() == 1)
        #expect(Array(ring) == [2])
        #expect(ring.droppedCount == 1)
    }
}
