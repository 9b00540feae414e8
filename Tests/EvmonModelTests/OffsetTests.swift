import Testing
import EvmonModel

@Suite struct OffsetTests {
    @Test func parsesSequencesAndRedisIDs() {
        #expect(Offset(parsing: "42") == .sequence(42))
        #expect(Offset(parsing: "1716123456789-3") == .streamID(milliseconds: 1_716_123_456_789, sequence: 3))
        #expect(Offset(parsing: "-4") == nil)
        #expect(Offset(parsing: "12-") == nil)
        #expect(Offset(parsing: "abc") == nil)
        #expect(Offset(parsing: "1-2-3") == nil)
    }

    @Test func ordersWithinEachKind() {
        #expect(Offset.sequence(1) < .sequence(2))
        #expect(Offset.streamID(milliseconds: 5, sequence: 9) < .streamID(milliseconds: 6, sequence: 0))
        #expect(Offset.streamID(milliseconds: 5, sequence: 1) < .streamID(milliseconds: 5, sequence: 2))
    }

    @Test func distanceCountsOnlySequences() {
        #expect(Offset.sequence(10).distance(to: .sequence(25)) == 15)
        #expect(Offset.streamID(milliseconds: 1, sequence: 0).distance(to: .streamID(milliseconds: 2, sequence: 0)) == nil)
    }

    @Test func describesAsBrokersWriteThem() {
        #expect(Offset.sequence(7).description == "7")
        #expect(Offset.streamID(milliseconds: 1_716_123_456_789, sequence: 0).description == "1716123456789-0")
    }
}
