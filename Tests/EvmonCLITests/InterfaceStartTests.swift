import EvmonTestSupport
import Foundation
import Testing

/// `evmon ui TOPIC… --from POS`: a start position that cannot be read stops before the screen
/// changes (the topics and the start themselves are shown in tmux, in EvmonTUITests).
@Suite struct InterfaceStartTests {
    @Test func anUnreadableStartPositionIsAUsageError() throws {
        expectOneLineError(try evmon("ui", "--broker", "demo://", "orders", "--from", "yesterday"), code: 2, mentioning: "yesterday")
    }
}
