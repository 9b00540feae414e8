import EvmonTestSupport
import Foundation
import Testing

/// A newcomer's first hour, on the real binary in tmux: zoom and Enter on a watch, `:seek`,
/// topics named on the command line.
@Suite(.timeLimit(.minutes(2))) struct NewcomerEndToEndTests {
    static let watchFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/watches/orders.yaml").standardized.path

    func launch(width: Int = 120, height: Int = 40, arguments: [String] = []) throws -> TmuxSession {
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "demo://?seed=7"] + arguments,
            width: width, height: height, environment: ["NO_COLOR": "1", "TZ": "UTC"])
        try session.waitFor(text: "● connected")
        return session
    }

    /// Rows of the stream that show a message (`{` of a JSON value inside the pane's border).
    func messageRows(_ screen: String) -> Int {
        screen.split(separator: "\n").filter { $0.contains("║") && $0.contains("{\"") }.count
    }

    @Test func enterOnAFailingWatchInTheZoomedPaneShowsAFullStream() throws {
        // Wide enough for the status bar's rate, the failing count and the whole jump notice.
        let session = try launch(width: 140, arguments: ["--watches", Self.watchFile])
        defer { session.kill() }
        try session.sendKeys("6", "z")
        // The selected (first) watch fails once its explanation names the offending message.
        try session.waitFor(text: "║latest orders/", timeout: 30)
        try session.sendKeys("Enter")
        try session.waitFor(text: "fields: its offe", timeout: 5)
        let screen = try session.waitFor("a zoomed stream full of rows") { $0.contains("╔═ 2 Stream") && messageRows($0) > 20 }
        #expect(messageRows(screen) > 20)
        try session.sendKeys("j")
        let moved = try session.waitFor("the stream still full after j") { messageRows($0) > 20 }
        #expect(moved.contains("╔═ 2 Stream"))
    }

    @Test func escFromADeadLetterOpenedInTheZoomedDLQGoesBackToTheDLQ() throws {
        let session = try launch()
        defer { session.kill() }
        try session.waitFor(text: "DLQ ·", timeout: 30)
        try session.sendKeys("5", "z", "j", "Enter")
        try session.waitFor(text: "╔═ 3 Detail")
        try session.sendKeys("Escape")
        try session.waitFor(text: "╔═ 5 DLQ")
    }

    @Test func seekLandsOnTheFirstMessageAndSaysSo() throws {
        let session = try launch()
        defer { session.kill() }
        try session.waitFor(text: "ord-")
        try session.sendText(":seek earliest")
        try session.sendKeys("Enter")
        let screen = try session.waitFor(text: "earliest: on the first message", timeout: 30)
        #expect(!screen.contains("· following"), "the stream stays on the first message")
        #expect(!screen.contains("seeking inventory, orders"))
    }

    @Test func topicsAndAStartPositionOnTheCommandLine() throws {
        let session = try launch(arguments: ["orders", "--from", "earliest"])
        defer { session.kill() }
        let screen = try session.waitFor(text: "2 Stream · orders ·")
        #expect(!screen.contains("2 Stream · inventory"))
        try session.waitFor(text: "ord-")
        try session.sendKeys("2", "g")
        // The oldest row held is a partition's first message: offset 0, from the start given.
        try session.waitFor("a message at offset 0") { $0.contains(" 0 ord-") }
    }

    @Test func promptsEditLikeAShellAndTabCompletesTopics() throws {
        let session = try launch()
        defer { session.kill() }
        try session.waitFor(text: "ord-")
        try session.sendText(":topic inv")
        try session.sendKeys("Tab")
        try session.waitFor(text: ":topic inventory █")
        try session.sendText("orders")
        try session.sendKeys("C-w")
        try session.waitFor(text: ":topic inventory █")
        try session.sendKeys("C-a", "Right", "Right")
        try session.sendKeys("C-u")
        try session.waitFor(text: ":pic inventory ")
        try session.sendKeys("Escape")
        try session.sendText(":foo")
        try session.sendKeys("Enter")
        try session.waitFor(text: "unknown command 'foo'")
        try session.sendText(":topic orders")
        try session.sendKeys("Enter")
        let screen = try session.waitFor(text: "2 Stream · orders ·")
        #expect(!screen.contains("unknown command"), "the old error is gone once a command worked")
    }

    @Test func yCopiesTheSelectedValueToTheClipboardThroughTheTerminal() throws {
        let session = try launch()
        defer { session.kill() }
        try session.waitFor(text: "ord-")
        try session.sendKeys("Space", "y")
        try session.waitFor(text: "copied the value of ")
        // tmux turns the OSC 52 sequence into a paste buffer (`set-clipboard on`).
        try session.waitFor("a paste buffer") { _ in ((try? session.pasteBuffer()) ?? "").hasPrefix("{") }
        let buffer = try session.pasteBuffer()
        #expect(buffer.contains("\"event_id\""), "the message's JSON value: \(buffer.prefix(80))")
    }
}
