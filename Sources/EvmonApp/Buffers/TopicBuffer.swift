import EvmonModel

/// A record held in a buffer, stamped with the order it arrived in across all partitions.
public struct BufferedRecord: Sendable, Equatable {
    /// Arrival order across the whole store; merges partitions back into a live stream.
    public var arrival: UInt64
    public var record: Record
}

/// The records evmon holds for one topic: one bounded ring per partition.
///
/// The topic's record budget is shared evenly by its partitions, so a hot partition cannot push a
/// quiet one's messages out of view; a byte budget bounds memory when values are huge.
public struct TopicBuffer: Sendable, Equatable {
    /// Most records held across all partitions.
    public private(set) var recordCapacity: Int
    /// Most payload bytes held across all partitions.
    public private(set) var byteCapacity: Int
    /// Payload bytes currently held.
    public private(set) var byteCount: Int = 0
    /// The per-partition rings.
    public private(set) var partitions: [Int: RingBuffer<BufferedRecord>] = [:]
    /// Records evicted by overflow or the byte budget, over all partitions.
    public private(set) var droppedCount: Int = 0

    public init(recordCapacity: Int, byteCapacity: Int) {
        precondition(recordCapacity > 0 && byteCapacity > 0)
        self.recordCapacity = recordCapacity
        self.byteCapacity = byteCapacity
    }

    /// Records currently held.
    public var count: Int { partitions.values.reduce(0) { $0 + $1.count } }

    private var perPartitionCapacity: Int { max(1, recordCapacity / max(1, partitions.count)) }

    /// Makes room for `partitionIDs` up front, so the record budget is split before records arrive.
    public mutating func declare(partitionIDs: some Sequence<Int>) {
        var added = false
        for id in partitionIDs where partitions[id] == nil {
            partitions[id] = RingBuffer(capacity: 1)
            added = true
        }
        if added { rebalance() }
    }

    /// Appends records of one partition, in offset order.
    public mutating func append(_ records: [Record], partition: Int, firstArrival: UInt64) {
        if partitions[partition] == nil { declare(partitionIDs: [partition]) }
        var arrival = firstArrival
        var addedBytes = 0
        var evictedBytes = 0
        var evicted = 0
        // Moved out of the dictionary so the ring is uniquely referenced and mutates in place.
        var ring = partitions.removeValue(forKey: partition)!
        for record in records {
            addedBytes += record.payloadByteCount
            if let old = ring.append(BufferedRecord(arrival: arrival, record: record)) {
                evictedBytes += old.record.payloadByteCount
                evicted += 1
            }
            arrival &+= 1
        }
        partitions[partition] = ring
        byteCount += addedBytes - evictedBytes
        droppedCount += evicted
        if byteCount > byteCapacity { evictOldestUntilWithinBytes() }
    }

    /// Forgets everything held (a seek), keeping the drop count.
    public mutating func removeAll() {
        for id in partitions.keys { partitions[id]!.removeAll() }
        byteCount = 0
    }

    /// The newest `limit` records across partitions, oldest first, in arrival order.
    public func newest(_ limit: Int) -> [BufferedRecord] {
        guard limit > 0 else { return [] }
        var cursors = partitions.values.map { ($0, $0.count) }
        var picked: [BufferedRecord] = []
        picked.reserveCapacity(min(limit, count))
        while picked.count < limit {
            var best: Int?
            for index in cursors.indices where cursors[index].1 > 0 {
                let candidate = cursors[index].0[cursors[index].1 - 1].arrival
                if best == nil || candidate > cursors[best!].0[cursors[best!].1 - 1].arrival { best = index }
            }
            guard let chosen = best else { break }
            cursors[chosen].1 -= 1
            picked.append(cursors[chosen].0[cursors[chosen].1])
        }
        return picked.reversed()
    }

    private mutating func rebalance() {
        let capacity = perPartitionCapacity
        for id in partitions.keys {
            let evicted = partitions[id]!.resize(to: capacity)
            byteCount -= evicted.reduce(0) { $0 + $1.record.payloadByteCount }
            droppedCount += evicted.count
        }
    }

    /// Evicts the globally oldest arrivals until the byte budget holds again.
    private mutating func evictOldestUntilWithinBytes() {
        while byteCount > byteCapacity {
            let oldestPartition = partitions.min { lhs, rhs in
                (lhs.value.oldest?.arrival ?? .max) < (rhs.value.oldest?.arrival ?? .max)
            }
            guard let id = oldestPartition?.key, let gone = partitions[id]!.dropOldest() else { return }
            byteCount -= gone.record.payloadByteCount
            droppedCount += 1
        }
    }
}

extension TopicBuffer {
    /// The buffered record with this arrival stamp in `partition`, if still held.
    public func record(partition: Int, arrival: UInt64) -> BufferedRecord? {
        guard let ring = partitions[partition] else { return nil }
        // Arrivals increase within a partition's ring, so binary search finds it.
        var low = 0
        var high = ring.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let candidate = ring[middle].arrival
            if candidate == arrival { return ring[middle] }
            if candidate < arrival { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
