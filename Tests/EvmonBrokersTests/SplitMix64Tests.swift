import Testing
@testable import EvmonBrokers
import EvmonModel

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func uuidsHaveVersion4Layout() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<100 {
            let uuid = generator.uuid()
            let parts = uuid.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(Array(uuid)[14] == "4")
            #expect("89ab".contains(Array(uuid)[19]))
        }
    }

    @Test func integersStayInRange() {
        var generator = SplitMix64(seed: 11)
        for _ in 0..<1_000 { #expect((3...7).contains(generator.integer(in: 3...7))) }
    }
}
