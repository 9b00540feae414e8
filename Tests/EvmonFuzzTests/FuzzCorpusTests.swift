import EvmonFuzzing
import Foundation
import Testing
import EvmonModel

/// `make test` side of fuzzing: every committed corpus input (seeds from real captures, and
/// every crash `make fuzz` ever found) runs through its target again, then a short random run
/// mutates them. A target traps on a broken invariant, so a regression fails the whole test
/// process loudly rather than one expectation.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func inputs(of target: String) throws -> [[UInt8]] {
        let folder = corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test func everyTargetHasASeedCorpus() throws {
        for target in FuzzTargets.all {
            #expect(try Self.inputs(of: target.name).count >= 3, "\(target.name) needs seeds in Tests/EvmonFuzzTests/Corpus/\(target.name)")
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
        #expect(Set(folders) == Set(FuzzTargets.all.map(\.name)), "a corpus folder per target, none left over")
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func corpusReplaysAndMutatesCleanly(target name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let seeds = try Self.inputs(of: name)
        for seed in seeds { target.run(seed) }
        // A short random run, the same each time: flips, inserts, cuts and splices of the seeds.
        var mutator = FuzzMutator(seed: UInt64(name.utf8.reduce(5381) { $0 &* 33 &+ UInt64($1) }))
        for _ in 0..<1_500 { target.run(mutator.mutate(seeds)) }
    }
}

/// Deterministic mutations of seed inputs, in the spirit of libFuzzer's own, drawn from the
/// core's SplitMix64 so that a failure reproduces.
struct FuzzMutator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(random.next() % UInt64(bound)) }

    mutating func mutate(_ seeds: [[UInt8]]) -> [UInt8] {
        var bytes = seeds.isEmpty ? [] : seeds[below(seeds.count)]
        for _ in 0...below(4) {
            switch below(6) {
            case 0 where !bytes.isEmpty: bytes[below(bytes.count)] ^= UInt8(1 << below(8))
            case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: below(bytes.count + 1))
            case 2 where !bytes.isEmpty: bytes.removeSubrange(below(bytes.count)...)
            case 3 where !bytes.isEmpty: bytes[below(bytes.count)] = [0x00, 0xFF, 0x7F, 0x80, 0x0D, 0x0A][below(6)]
            case 4 where !seeds.isEmpty:
                let other = seeds[below(seeds.count)]
                bytes += other[below(other.count + 1)...]
            default: if !bytes.isEmpty { bytes.remove(at: below(bytes.count)) }
            }
        }
        return bytes
    }
}
