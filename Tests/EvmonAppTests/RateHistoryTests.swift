import Testing
import EvmonApp

@Suite struct RateHistoryTests {
    @Test func measuresMessagesPerSecondBetweenObservations() {
        var rate = RateHistory(capacity: 3)
        rate.observe(total: 100, at: 0)
        #expect(rate.current == 0)
        rate.observe(total: 300, at: 2_000)
        #expect(rate.current == 100)
        rate.observe(total: 350, at: 2_500)
        #expect(rate.current == 100)
        rate.observe(total: 350, at: 3_500)
        #expect(rate.current == 0)
    }

    @Test func aShrinkingTotalIsNoTrafficNotNegative() {
        var rate = RateHistory()
        rate.observe(total: 500, at: 0)
        rate.observe(total: 10, at: 1_000)
        #expect(rate.current == 0)
    }

    @Test func keepsABoundedHistory() {
        var rate = RateHistory(capacity: 3)
        for second in 0..<10 { rate.observe(total: Int64(second * second), at: Int64(second) * 1_000) }
        #expect(rate.samples.map(\.messagesPerSecond) == [13, 15, 17])
    }

    @Test func sameTimeObservationsAreIgnored() {
        var rate = RateHistory()
        rate.observe(total: 1, at: 1_000)
        rate.observe(total: 5, at: 1_000)
        #expect(rate.samples.isEmpty)
    }
}
