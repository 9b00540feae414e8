/// The Java Kafka client's default partitioner for keyed messages:
/// `toPositive(murmur2(key)) % partitionCount`. Replays and the demo broker place keys exactly
/// where a Java producer would.
public enum Murmur2Partitioner {
    /// The partition a Java producer picks for `key` among `partitionCount` partitions.
    public static func partition(forKey key: [UInt8], partitionCount: Int) -> Int {
        precondition(partitionCount > 0)
        return Int(UInt32(bitPattern: murmur2(key)) & 0x7fff_ffff) % partitionCount
    }

    /// Kafka's `Utils.murmur2` (seed 0x9747b28c), bit for bit.
    public static func murmur2(_ data: [UInt8]) -> Int32 {
        let length = data.count
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = seed ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blocks * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }
}
