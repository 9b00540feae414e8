import Testing
@testable import EvmonBrokerKit

/// The bookkeeping behind "progress or a reason".
struct ProgressGuardTests {
    @Test func aKeyIsGivenUpOnlyAfterTheLimitInARow() {
        var progress = ProgressGuard<String>(limit: 3)
        var answers = [progress.stalled("a"), progress.stalled("a")]
        progress.advanced("a")
        #expect(progress.strikes(of: "a") == 0, "moving forward starts the count again")
        answers += [progress.stalled("a"), progress.stalled("b"), progress.stalled("a"), progress.stalled("a")]
        #expect(answers == [false, false, false, false, false, true], "b counts apart from a")
        #expect(progress.strikes(of: "b") == 1)
    }

    @Test func theBackoffDoublesFrom100MillisecondsTo2Seconds() {
        var progress = ProgressGuard<Int>(limit: 20)
        var delays: [Int64] = []
        for _ in 0..<8 {
            _ = progress.stalled(0)
            delays.append(progress.backoff(of: 0))
        }
        #expect(delays == [100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000])
        #expect(ProgressGuard<Int>(limit: 1).backoff(of: 7) == 100)
    }
}
