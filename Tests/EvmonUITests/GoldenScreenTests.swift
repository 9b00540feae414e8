import EvmonTestSupport
import EvmonUI
import Testing

/// Whole screens of the pure renderer on the pinned demo, compared as text with golden files.
@Suite struct GoldenScreenTests {
    static let directory = String(#filePath.dropLast("GoldenScreenTests.swift".count)) + "Golden"

    func expectGolden(_ fixture: DemoSessionFixture, _ name: String) async {
        let grid = ScreenRenderer.render(await fixture.session.state)
        if let diff = GoldenFile.mismatch(grid.textDump(), name: name, directory: Self.directory) {
            Issue.record(Comment(rawValue: diff))
        }
    }

    @Test func overviewAt80x24() async throws {
        let fixture = DemoSessionFixture(width: 80, height: 24)
        try await fixture.settle()
        await expectGolden(fixture, "overview-80x24.txt")
    }

    @Test func overviewAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await expectGolden(fixture, "overview-160x48.txt")
    }

    @Test func detailOfAMessageAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await fixture.press(.character("k"), .character("k"), .enter)
        await expectGolden(fixture, "detail-160x48.txt")
    }

    /// The demo's Avro topic through its own registry: the stream's rows and the detail pane
    /// show the decoded payment, under a schema line naming type, id, subject and version.
    @Test func decodedAvroDetailAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48, avro: true)
        try await fixture.settle()
        await fixture.press(.character("/"))
        await fixture.type("pay-")
        await fixture.press(.enter, .enter)
        await expectGolden(fixture, "detail-avro-160x48.txt")
    }

    /// `t` on a cancellation: its order's whole life across topics (created, reserved,
    /// cancelled, released), once the broker search has ended.
    @Test func traceOfAnOrderAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await fixture.press(.character("/"))
        await fixture.type("OrderCancelled")
        await fixture.press(.enter, .character("k"), .character("t"))
        try await fixture.waitUntilTraceSearched()
        await expectGolden(fixture, "trace-order-160x48.txt")
    }

    /// `t` on a dead letter: the order that ended in `orders-dlt`, with the reason.
    @Test func traceOfADeadLetterAt120x30() async throws {
        let fixture = DemoSessionFixture(width: 120, height: 30)
        try await fixture.settle()
        await fixture.press(.character("5"), .character("j"), .character("t"))
        try await fixture.waitUntilTraceSearched()
        await expectGolden(fixture, "trace-dead-letter-120x30.txt")
    }

    /// `t` on a failing `followed_by` watch: its offender's trace says what did not follow.
    @Test func traceOfAFailingFollowedByWatchAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48, watchesPath: WatchesInTheMonitorTests.examples)
        try await fixture.settle()
        await fixture.press(.character("6"), .character("g"))
        for _ in 0..<5 { await fixture.press(.character("j")) }
        await fixture.press(.character("t"))
        try await fixture.waitUntilTraceSearched()
        await expectGolden(fixture, "trace-followed-by-160x48.txt")
    }

    @Test func helpOverlayAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await fixture.press(.character("?"))
        await expectGolden(fixture, "help-160x48.txt")
    }

    @Test func helpScrolledAt80x24() async throws {
        let fixture = DemoSessionFixture(width: 80, height: 24)
        try await fixture.settle()
        await fixture.press(.character("?"), .pageDown)
        await expectGolden(fixture, "help-scrolled-80x24.txt")
    }

    @Test func zoomedLagAt80x24() async throws {
        let fixture = DemoSessionFixture(width: 80, height: 24)
        try await fixture.settle()
        await fixture.press(.character("4"), .character("z"))
        await expectGolden(fixture, "lag-zoomed-80x24.txt")
    }

    @Test func watchesZoomedAt120x30() async throws {
        let fixture = DemoSessionFixture(width: 120, height: 30, watchesPath: WatchesInTheMonitorTests.examples)
        try await fixture.settle()
        await fixture.press(.character("6"), .character("z"), .character("j"), .character("j"), .character("j"))
        await expectGolden(fixture, "watches-zoomed-120x30.txt")
    }

    @Test func deadLettersGroupedByReasonAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await fixture.press(.character("5"), .character("z"), .character("j"), .character(" "), .character("j"))
        await expectGolden(fixture, "dlq-zoomed-160x48.txt")
    }

    @Test func deadLetterDetailWithItsTraceUnfoldedAt160x48() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48)
        try await fixture.settle()
        await fixture.press(.character("5"), .character("j"), .enter, .character("z"), .enter)
        await expectGolden(fixture, "dlq-detail-unfolded-160x48.txt")
    }

    @Test func replayConfirmationAt120x30() async throws {
        let fixture = DemoSessionFixture(width: 120, height: 30)
        try await fixture.settle()
        await fixture.press(.character("5"), .character("j"), .character("r"))
        await expectGolden(fixture, "replay-confirm-120x30.txt")
    }

    @Test func tooSmall() async throws {
        let fixture = DemoSessionFixture(width: 50, height: 12)
        try await fixture.settle(lagPolls: 1)
        await expectGolden(fixture, "too-small-50x12.txt")
    }
}
