import EvmonTestSupport
import Testing
@testable import EvmonModel
@testable import EvmonDeadLetters
@testable import EvmonApp
@testable import EvmonUI

/// An empty stream says why and how to read the history.
@Suite struct EmptyStreamTests {
    @Test func anEmptyStreamSaysNothingNewArrivedAndHowToReadHistory() {
        var state = AppState(brokerURL: "kafka://k:9092", now: 0)
        _ = reduce(&state, .terminalResized(width: 120, height: 30))
        state.view.startPosition = .latest
        _ = reduce(&state, .topicsListed([TopicMetadata(name: "orders", partitions: [PartitionMetadata(id: 0, startOffset: .sequence(0), endOffset: .sequence(9))])], at: 0))
        let text = ScreenRenderer.render(state).textDump()
        #expect(text.contains("nothing new in orders since evmon started"))
        #expect(text.contains(":seek earliest"))
    }
}
