import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonApp

@Suite struct StreamViewTests {
    func view(capacity: Int = 5, rows: Int, viewport: Int = 3) -> StreamView {
        var view = StreamView(capacity: capacity)
        view.reset(topics: ["orders"], filter: nil, capacity: capacity, buffered: [])
        view.setViewportHeight(viewport)
        add(rows, to: &view)
        return view
    }

    func add(_ count: Int, to view: inout StreamView, from first: Int = 0) {
        let start = view.rowCount
        let references = (0..<count).map { RecordRef(topic: "orders", partition: 0, arrival: UInt64(start + $0)) }
        let records = (0..<count).map { RecordFixtures.record(offset: Int64(start + $0)) }
        view.offer(references, records: records)
    }

    @Test func rowsBeyondCapacityFallOffTheFrontKeepingNumbers() {
        let stream = view(rows: 8)
        #expect(stream.rows.count == 5)
        #expect(stream.firstRowNumber == 3)
        #expect(stream.row(2) == nil)
        #expect(stream.row(3)?.arrival == 3)
        #expect(stream.visibleRowNumbers == 5..<8, "following shows the newest at the bottom")
    }

    @Test func theCursorStaysOnItsMessageWhileNewOnesArrive() {
        var stream = view(capacity: 100, rows: 10)
        stream.moveCursor(by: -3)
        #expect(stream.selectedRowNumber == 6)
        add(20, to: &stream)
        #expect(stream.selectedRowNumber == 6)
        #expect(stream.visibleRowNumbers.contains(6))
    }

    @Test func aCursorWhoseRowFellOffMovesToTheOldestHeld() {
        var stream = view(capacity: 5, rows: 5)
        stream.moveToOldest()
        add(3, to: &stream)
        #expect(stream.selectedRowNumber == 3)
    }

    @Test func pausingFreezesWhatIsShownAndCountsArrivals() {
        var stream = view(capacity: 100, rows: 10)
        stream.togglePause()
        add(4, to: &stream)
        #expect(stream.visibleRowNumbers == 7..<10)
        #expect(stream.arrivedWhilePaused == 4)
        stream.togglePause()
        #expect(stream.visibleRowNumbers == 11..<14)
    }

    @Test func anEmptyViewHasNoSelection() {
        let stream = view(rows: 0)
        #expect(stream.selectedRowNumber == nil)
        #expect(stream.visibleRowNumbers.isEmpty)
    }
}
