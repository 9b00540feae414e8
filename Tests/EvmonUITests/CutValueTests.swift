import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonDeadLetters
@testable import EvmonApp
@testable import EvmonUI

/// A cut value shows it is cut, numbers are never cut, and widths go where the information is.
@Suite struct CutValueTests {
    /// The row `write` leaves on a fresh grid `width` wide.
    func written(width: Int, _ write: (inout ScreenGrid) -> Void) -> String {
        var grid = ScreenGrid(width: width, height: 1)
        write(&grid)
        return String(grid.textDump().split(separator: "\n")[0])
    }

    @Test func aCutTextEndsInAnEllipsisAndAWholeOneDoesNot() {
        #expect(written(width: 10) { $0.write("orders/2@2360", x: 0, y: 0, width: 10, role: .text, marksCut: true) } == "orders/2@…|")
        #expect(written(width: 10) { $0.write(bytes: Array("ux-orders:dlq".utf8), x: 0, y: 0, width: 10, role: .text, marksCut: true) } == "ux-orders…|")
        #expect(written(width: 10) { $0.write("ux-orders", x: 0, y: 0, width: 10, role: .text, marksCut: true) } == "ux-orders |", "a name that fits is not marked")
        #expect(written(width: 9) { $0.write("ux-orders", x: 0, y: 0, width: 9, role: .text, marksCut: true) } == "ux-orders|", "nor one that fills its column exactly")
    }

    @Test func aWideGlyphCutAtTheEdgeLeavesRoomForTheEllipsis() {
        #expect(written(width: 5) { $0.write("注文注文注文", x: 0, y: 0, width: 5, role: .text, marksCut: true) } == "注文…|")
        #expect(written(width: 6) { $0.write("注文注文注文", x: 0, y: 0, width: 6, role: .text, marksCut: true) } == "注文 …|")
    }

    @Test func coordinatesGiveUpTheTopicNameBeforeTheirNumbers() {
        #expect(Cut.keepingTail("payments-13516", "/3@120045", width: 15) == "payme…/3@120045")
        #expect(Cut.keepingTail("orders", "/2@2360", width: 13) == "orders/2@2360")
    }

    /// A DLQ at 120 columns (the pane is 48 wide) with an origin offset of four digits.
    @Test func theDeadLetterOriginShowsItsWholeOffsetAt120Columns() {
        let now: Int64 = 1_764_115_300_000
        var state = AppState(brokerURL: "kafka://k:9092", now: now)
        _ = reduce(&state, .terminalResized(width: 120, height: 30))
        let metadata = ["orders", "orders-dlt"].map { TopicMetadata(name: $0, partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(9))]) }
        _ = reduce(&state, .topicsListed(metadata, at: now))
        let headers = [
            Header("kafka_dlt-original-topic", "orders"), Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, 2]),
            Header(name: "kafka_dlt-original-offset", value: [0, 0, 0, 0, 0, 0, 0x09, 0x38]),
            Header("kafka_dlt-exception-message", "boom"),
        ]
        let record = RecordFixtures.record(topic: "orders-dlt", offset: 4, timestamp: now - 5_000, key: "ord-000001", value: "{}", headers: headers)
        _ = reduce(&state, .recordsFetched(RecordBatch(topicPartition: TopicPartition(topic: "orders-dlt", partition: 0), records: [record])))
        let text = ScreenRenderer.render(state).textDump()
        #expect(state.deadLetters.first?.originDescription == "orders/2@2360")
        #expect(text.contains("orders/2@2360 ord-000001"), "the whole offset, and the key beside it")
    }

    @Test func streamColumnsAreSizedFromTheNumbersShown() {
        let records = [
            RecordFixtures.record(topic: "ux-orders", partition: 117, offset: 1_234_567_890_123),
            RecordFixtures.record(topic: "ux-orders:dlq", partition: 3, offset: 7),
        ]
        let columns = StreamColumns(width: 80, topics: ["ux-orders", "ux-orders:dlq"], shown: records)
        #expect(columns.partition == 3)
        #expect(columns.offset == 13)
        #expect(columns.topic == 13, "both names whole, so ux-orders and ux-orders:dlq read differently")
        #expect(columns.key == 3, "a key column as wide as the keys shown (and its header)")
    }
}

/// The lag pane cuts a long topic name before its partition number.
@Suite struct LagPartitionNameTests {
    @Test func aLongTopicKeepsItsPartitionNumber() {
        var state = AppState(brokerURL: "kafka://k:9092", now: 0)
        _ = reduce(&state, .terminalResized(width: 80, height: 24))
        let partition = TopicPartition(topic: "payments-settlement-events-13516", partition: 7)
        let snapshot = ConsumerGroupSnapshot(group: "g", partitions: [PartitionOffsets(topicPartition: partition, committed: .sequence(90), end: .sequence(100))])
        _ = reduce(&state, .lagPolled([snapshot], at: 0))
        let text = ScreenRenderer.render(state).textDump()
        #expect(text.contains("…/7"), "\(text)")
    }
}

/// The watches pane never cuts a count: narrow panes drop columns so the name keeps room.
@Suite struct WatchColumnsTests {
    @Test func narrowPanesDropKindSeenAndOpenBeforeCuttingACount() {
        let narrow = WatchColumns(width: 28, kinds: ["require", "not_followed_by"])
        #expect(narrow.kind == 0 && !narrow.showsSeen && !narrow.showsOpen)
        #expect(narrow.name == 17, "events are JSON w… rather than events ar…")
        let medium = WatchColumns(width: 46, kinds: ["require"])
        #expect(medium.kind == 0 && medium.showsSeen && !medium.showsOpen)
        let wide = WatchColumns(width: 118, kinds: ["require", "not_followed_by"])
        #expect(wide.kind == 15 && wide.showsSeen && wide.showsOpen)
    }
}
