import Testing
import EvmonModel

@Suite struct Murmur2PartitionerTests {
    /// Vectors from Apache Kafka's own UtilsTest.testMurmur2.
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func matchesKafkasReferenceVectors(key: String, expected: Int32) {
        #expect(Murmur2Partitioner.murmur2(Array(key.utf8)) == expected)
    }

    @Test func partitionIsPositiveModulo() {
        // murmur2("21") is negative; Kafka masks the sign bit before the modulo.
        #expect(Murmur2Partitioner.partition(forKey: Array("21".utf8), partitionCount: 3) == Int((UInt32(bitPattern: -973_932_308) & 0x7fff_ffff) % 3))
        for key in ["a", "bb", "ccc", "dddd", ""] {
            let partition = Murmur2Partitioner.partition(forKey: Array(key.utf8), partitionCount: 7)
            #expect((0..<7).contains(partition))
        }
    }
}
