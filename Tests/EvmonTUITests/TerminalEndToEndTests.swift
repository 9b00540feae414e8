import EvmonTestSupport
import Foundation
import Testing

/// The real `evmon` binary in tmux: keys in through `send-keys`, the screen out through
/// `capture-pane`. Each test has its own tmux server, so they run in parallel.
@Suite(.timeLimit(.minutes(2))) struct TerminalEndToEndTests {
    /// `evmon ui` on a seeded demo broker, at `width` × `height`, in colourless mode so the
    /// captured text is what a reader sees.
    func launch(width: Int = 160, height: Int = 48, arguments: [String] = []) throws -> TmuxSession {
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "demo://?seed=7"] + arguments,
            width: width, height: height, environment: ["NO_COLOR": "1", "TZ": "UTC"])
        try session.waitFor(text: "● connected")
        try session.waitFor(text: "ord-")
        return session
    }

    /// Polls until `text` is no longer on the screen; false if it stays for `timeout` seconds.
    func waitUntilGone(_ text: String, from session: TmuxSession, timeout: TimeInterval = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !(try session.capture()).contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func showsEveryPaneAndTheStatusBar() throws {
        let session = try launch()
        defer { session.kill() }
        let screen = try session.waitFor(text: "DLQ ·")
        for title in ["1 Topics", "2 Stream · inventory, orders · following", "3 Detail", "4 Lag", "6 Watches", "demo://?seed=7", "msg/s", "<?> help"] {
            #expect(screen.contains(title), "missing \(title)")
        }
    }

    @Test func tabMovesFocusAndEnterOpensTheDetailEscGoesBack() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendKeys("Tab")
        try session.waitFor(text: "╔═ 3 Detail")
        try session.sendKeys("BTab", "BTab")
        try session.waitFor(text: "╔═ 1 Topics")
        try session.sendKeys("2", "k", "Enter")
        let detail = try session.waitFor(text: "value (JSON)")
        #expect(detail.contains("╔═ 3 Detail · "))
        #expect(detail.contains("\"event_type\": "))
        try session.sendKeys("Escape")
        try session.waitFor(text: "╔═ 2 Stream")
    }

    @Test func slashFiltersTheStream() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendText("/zz-no-such-text")
        try session.waitFor(text: "no buffered message matches /zz-no-such-text")
        try session.sendKeys("Escape", "Escape")
        try session.waitFor(text: "· following")
        try session.sendText("/InventoryReserved")
        try session.sendKeys("Enter")
        let screen = try session.waitFor(text: "/InventoryReserved ·")
        let rows = screen.split(separator: "\n").filter { $0.contains("ord-") && $0.contains("║") && $0.contains("{") }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.contains("inventory") }, "only inventory events match")
    }

    @Test func spacePausesAndCountsWhatArrives() throws {
        let session = try launch(arguments: [])
        defer { session.kill() }
        try session.sendKeys("Space")
        try session.waitFor(text: "PAUSED +")
        let paused = try session.capture()
        try session.sendKeys("Space")
        try session.waitFor(text: "· following")
        #expect(paused.contains("Stream · inventory, orders · PAUSED +"))
    }

    @Test func questionMarkShowsHelpAndAnyKeyClosesIt() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendKeys("?")
        // Wait for the line checked, not the title: a capture can catch a half-painted overlay.
        let help = try session.waitFor(text: "load a watch file (reloaded when it changes)")
        #expect(help.contains("Keys — any key closes"))
        #expect(help.contains("stream / stop streaming the topic"), "each pane's keys are listed under its title")
        try session.sendKeys("x")
        #expect(try waitUntilGone("Keys — any key closes", from: session))
    }

    @Test func qQuitsWithStatusZero() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendKeys("q")
        #expect(session.waitForExit(timeout: 10) == 0)
    }

    @Test func resizingRelayoutsAndTinyTerminalsSaySo() throws {
        let session = try launch(width: 120, height: 40)
        defer { session.kill() }
        try session.resize(width: 50, height: 12)
        try session.waitFor(text: "terminal too small: 50×12")
        try session.resize(width: 80, height: 24)
        let screen = try session.waitFor(text: "1 Topics")
        #expect(screen.split(separator: "\n").first?.count == 80)
    }

    @Test func commandModeSeeksAndReportsErrors() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendText(":seek sideways")
        try session.sendKeys("Enter")
        try session.waitFor(text: ":seek sideways: expected earliest")
        try session.sendText(":topic orders")
        try session.sendKeys("Enter")
        try session.waitFor(text: "Stream · orders · following")
    }

    @Test func hostileEscapesInAPayloadAreShownEscapedAndChangeNothing() throws {
        let session = try launch()
        defer { session.kill() }
        let title = session.paneTitle
        // The demo's legacy producer writes log lines with a title change, a screen clear and a
        // bidi override; read the whole history, filter for one and open it.
        try session.sendText(":seek earliest")
        try session.sendKeys("Enter")
        // The seek's end, not its transient "seeking…" notice, which the landing replaces.
        try session.waitFor(text: "earliest: on the first message", timeout: 30)
        try session.sendText("/order_id=")
        try session.sendKeys("Enter")
        try session.waitFor(text: #"\x1b]0;evmon pwned\x07\x1b[2J"#, timeout: 20)
        try session.sendKeys("Enter")
        // Waiting for the escaped override itself: a capture can land between the detail's
        // "value (text)" line and the value below it.
        let detail = try session.waitFor(text: #"\u202e"#)
        #expect(detail.contains("value (text)"))
        #expect(detail.contains("1 Topics"), "the screen was not cleared")
        #expect(session.paneTitle == title, "the window title was not changed")
        #expect(session.paneTitle != "evmon pwned")
    }
}

extension TerminalEndToEndTests {
    @Test func controlCRestoresTheTerminalAndExitsLikeAnInterruptedProgram() throws {
        let session = try launch()
        defer { session.kill() }
        try session.sendKeys("C-c")
        let status = session.waitForExit(timeout: 10)
        #expect(status == 130, "exit status \(String(describing: status)); screen: \((try? session.capture()) ?? "")")
    }

    @Test func themesSwitchLiveAndUnknownOnesAreReported() throws {
        let session = try launch(arguments: ["--theme", "light"])
        defer { session.kill() }
        try session.sendText(":theme high-contrast")
        try session.sendKeys("Enter")
        try session.waitFor(text: "theme high-contrast")
        try session.sendText(":theme nope")
        try session.sendKeys("Enter")
        try session.waitFor(text: "nope")
    }
}
