@testable import EvmonKafka
import Testing

/// Where `--from N` starts on a partition holding offsets `first..<end`.
@Suite struct KafkaStartPlacementTests {
    @Test func anOffsetHeldStartsThere() {
        #expect(KafkaTailSource.place(70, first: 0, end: 75) == (70, nil))
        #expect(KafkaTailSource.place(75, first: 0, end: 75) == (75, nil))
    }

    @Test func anOffsetRetentionRemovedStartsAtTheOldestAndSaysSo() {
        let placed = KafkaTailSource.place(3, first: 40, end: 75)
        #expect(placed.position == 40)
        #expect(placed.moved == "offset 3 is no longer held (the oldest is 40); reading from 40")
    }

    @Test func anOffsetPastAKnownEndStartsAtTheEndAndSaysSo() {
        let placed = KafkaTailSource.place(500, first: 0, end: 75)
        #expect(placed.position == 75)
        #expect(placed.moved == "offset 500 is past the end (75); reading new messages from 75")
    }

    @Test func withoutAFreshEndTheOffsetIsFetchedAsAsked() {
        // The broker's out-of-range answer moves it then; a trailing listed end must not.
        #expect(KafkaTailSource.place(500, first: 0, end: nil) == (500, nil))
    }
}
