import Testing
import EvmonModel
@testable import EvmonWatches

/// `FingerprintMap` against the standard Dictionary, on keys chosen to crowd few slots so that
/// probing runs long and deletions must shift entries back across the table's end.
@Suite struct FingerprintMapTests {
    @Test func agreesWithADictionaryUnderInsertsReplacementsAndRemovals() {
        var generator = SplitMix64(seed: 7)
        let map = FingerprintMap<Int>()
        var model: [Int: Int] = [:]
        // 300 keys; their low halves fall on only 8 home slots of whatever size the table has.
        func fingerprint(_ key: Int) -> KeyFingerprint {
            KeyFingerprint(low: UInt64(key % 8) &+ UInt64.max &- 7, high: UInt64(key) &+ 1)
        }
        for step in 0..<60_000 {
            let key = Int(generator.next() % 300)
            switch generator.next() % 3 {
            case 0, 1:
                #expect(map.updateValue(step, forKey: fingerprint(key)) == model.updateValue(step, forKey: key))
            default:
                #expect(map.removeValue(forKey: fingerprint(key)) == model.removeValue(forKey: key))
            }
            #expect(map.count == model.count)
        }
        for key in 0..<300 {
            #expect(map[fingerprint(key)] == model[key], "key \(key)")
        }
    }

    @Test func fingerprintsTellKeysApartAndAgreeForEqualOnes() {
        #expect(KeyFingerprint(text: "order-1") == KeyFingerprint(array: Array("order-1".utf8)))
        #expect(KeyFingerprint(text: "order-1") != KeyFingerprint(text: "order-2"))
        #expect(KeyFingerprint(text: "7") != KeyFingerprint(number: 7))
        // Two invalid UTF-8 keys that would both decode to U+FFFD stay two keys.
        #expect(KeyFingerprint(array: [0xFF]) != KeyFingerprint(array: [0xFE]))
        #expect(KeyFingerprint(text: "") != .empty)
    }
}
