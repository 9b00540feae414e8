import EvmonTestSupport
import Foundation
import Testing

/// Dead-letter replay in the real `evmon` binary, in tmux, on the pinned demo broker: confirm,
/// cancel, edit first, read-only refusal and a cancelled bulk run, each checked on screen and
/// in the audit log (`$XDG_STATE_HOME/evmon/replays.jsonl`) of a folder of its own.
///
/// Live dead letters keep arriving after the demo's history, so the row under the cursor is not
/// known in advance: tests read which dead letter they replayed off the confirmation
/// (`from orders-dlt/1/16`) and find its row by its coordinates (`orders-dlt/1@16`). tmux can
/// capture a frame half drawn, so tests wait for the end of what they read (an overlay's last
/// line, a notice's last words).
@Suite(.timeLimit(.minutes(2))) final class DeadLetterReplayEndToEndTests {
    static let broker = "demo://?seed=7&start=1764115200000"
    /// Dead letters in the pinned demo's three minutes of history (46 of them for one reason);
    /// live ones follow every few seconds.
    static let historyCount = 55
    /// The confirmation's last line, single or bulk.
    static let confirmationEnd = "any other key  cancel"
    /// This test's own state, config and editor scripts.
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-replay-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    var auditLogPath: String { folder.appendingPathComponent("state/evmon/replays.jsonl").path }

    /// The audit log's lines; none when it was never written.
    var auditLog: [String] {
        guard let text = try? String(contentsOfFile: auditLogPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// `evmon ui` on the demo at 160 × 48 (wide enough for the DLQ column), colourless, with
    /// this test's state folder and no user config; waits until it is connected.
    func launch(arguments: [String] = [], environment: [String: String] = [:]) throws -> TmuxSession {
        let base = [
            "NO_COLOR": "1", "TZ": "UTC",
            "XDG_STATE_HOME": folder.appendingPathComponent("state").path,
            "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path,
        ]
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", Self.broker] + arguments,
            width: 160, height: 48, environment: base.merging(environment) { $1 })
        try session.waitFor(text: "● connected", timeout: 20)
        return session
    }

    /// Focuses and zooms the DLQ pane once the demo's history of dead letters is listed.
    func openDeadLetters(in session: TmuxSession) throws {
        try session.waitFor("\(Self.historyCount) dead letters", timeout: 20) { screen in
            screen.firstMatch(of: #/DLQ · (\d+) in/#).flatMap { Int($0.1) }.map { $0 >= Self.historyCount } == true
        }
        try session.sendKeys("5", "z")
        try session.waitFor(text: "AGE DLQ ")
    }

    /// Waits for the whole replay confirmation, showing `text`.
    @discardableResult
    func waitForConfirmation(in session: TmuxSession, showing text: String) throws -> String {
        try session.waitFor("the confirmation showing '\(text)'") { $0.contains(Self.confirmationEnd) && $0.contains(text) }
    }

    /// An editor command running a shell script that does `body` to the file it is given (`$1`).
    ///
    /// Run by `sh`, not executed: while the script is being written, a tmux server another test
    /// starts can inherit the open file (Foundation does not open it close-on-exec) and hold it
    /// for its lifetime, and executing a file open for writing fails with "Text file busy".
    func editor(_ name: String, _ body: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try "\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return "sh \(path)"
    }

    /// Which dead letter the confirmation is about, as its row shows it: `orders-dlt/1@16`.
    func confirmedDeadLetter(in screen: String) throws -> String {
        let match = try #require(screen.firstMatch(of: #/from\s+(orders-dlt)/(\d+)@(\d+)/#), "no 'from' on:\n\(screen)")
        return "\(match.1)/\(match.2)@\(match.3)"
    }

    /// The mark column (● marked, then ✓ replayed, ? unknown, ✗ failed) of the DLQ row at
    /// `coordinates`, if it is on screen.
    func markColumn(of coordinates: String, in screen: String) -> String? {
        guard let row = screen.split(separator: "\n").first(where: { $0.contains(" \(coordinates) ") }) else { return nil }
        return String(row.dropFirst().prefix(2))
    }

    /// Waits until the row of `coordinates` shows ✓.
    func waitForReplayedMark(on coordinates: String, in session: TmuxSession, timeout: TimeInterval = 10) throws {
        try session.waitFor("✓ on \(coordinates)", timeout: timeout) { self.markColumn(of: coordinates, in: $0)?.contains("✓") == true }
    }

    @Test func confirmedReplayIsSentLoggedAndStillMarkedAfterARestart() throws {
        let session = try launch()
        defer { session.kill() }
        try openDeadLetters(in: session)
        try session.sendKeys("j", "r")
        let confirmation = try waitForConfirmation(in: session, showing: "Replay this dead letter?")
        let coordinates = try confirmedDeadLetter(in: confirmation)
        #expect(confirmation.contains(#/to\s+orders/\d+  \(the original partition\)/#))
        #expect(confirmation.contains(#/key\s+ord-\d+/#))
        #expect(markColumn(of: coordinates, in: confirmation)?.contains("✓") != true)
        try session.sendKeys("y")
        try session.waitFor(text: "replayed to orders/")
        try waitForReplayedMark(on: coordinates, in: session)
        let lines = auditLog
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.contains(#""event":"sending""#) == true)
        #expect(lines.last?.contains(#""event":"replayed""#) == true)
        try session.sendKeys("q")
        #expect(session.waitForExit(timeout: 10) == 0)
        session.kill()

        // The mark comes back from the audit log once the demo lists the dead letter again.
        let restarted = try launch()
        defer { restarted.kill() }
        try openDeadLetters(in: restarted)
        try waitForReplayedMark(on: coordinates, in: restarted, timeout: 30)
        #expect(auditLog.count == 2, "a restart sends nothing")
    }

    @Test func anyOtherKeyCancelsTheConfirmationAndNothingIsSent() throws {
        let session = try launch()
        defer { session.kill() }
        try openDeadLetters(in: session)
        try session.sendKeys("j", "r")
        try waitForConfirmation(in: session, showing: "Replay this dead letter?")
        try session.sendKeys("n")
        let screen = try session.waitFor(text: "replay cancelled: nothing sent")
        #expect(!screen.contains("Replay this dead letter?"))
        #expect(auditLog.isEmpty)
    }

    @Test func editedValueIsConfirmedAgainAndLoggedAsEdited() throws {
        // Adds a field, as someone fixing a dead letter's payload would.
        let command = try editor("add-field.sh", #"sed -i 's/^{/{"fixed_by":"evmon-e2e",/' "$1""#)
        let session = try launch(environment: ["VISUAL": command, "EDITOR": command])
        defer { session.kill() }
        try openDeadLetters(in: session)
        try session.sendKeys("j", "e")
        let confirmation = try waitForConfirmation(in: session, showing: "(edited)")
        #expect(confirmation.contains("Replay this dead letter?"))
        #expect(confirmation.contains("AGE DLQ "), "the pane is back after the editor")
        try session.sendKeys("y")
        try session.waitFor(text: "replayed to orders/")
        let sending = try #require(auditLog.first)
        #expect(sending.contains(#""event":"sending""#))
        #expect(sending.contains(#""edited":true"#))
    }

    @Test func editorThatFailsCancelsTheReplay() throws {
        let command = try editor("fail.sh", "exit 1")
        let session = try launch(environment: ["VISUAL": command, "EDITOR": command])
        defer { session.kill() }
        try openDeadLetters(in: session)
        try session.sendKeys("j", "e")
        let screen = try session.waitFor(text: "edit cancelled (the editor failed or quit without saving): nothing sent")
        #expect(!screen.contains("Replay this dead letter?"))
        #expect(auditLog.isEmpty)
    }

    @Test func readOnlySessionsRefuseToReplay() throws {
        let session = try launch(arguments: ["--read-only"])
        defer { session.kill() }
        try openDeadLetters(in: session)
        try session.sendKeys("j", "r")
        let screen = try session.waitFor(text: "read-only (--read-only): replays are disabled")
        #expect(screen.contains("READ-ONLY"))
        #expect(!screen.contains("Replay this dead letter?"))
        #expect(auditLog.isEmpty)
    }

    @Test func escCancelsABulkReplayAndTheLogAgreesWithTheCount() throws {
        let session = try launch()
        defer { session.kill() }
        try openDeadLetters(in: session)
        // The first row is the biggest reason; space marks all of it.
        try session.sendKeys("Space")
        let marked = try session.waitFor(text: " marked ═")
        let count = try #require(marked.firstMatch(of: #/· (\d+) marked/#).flatMap { Int($0.1) })
        #expect(count > 10)
        try session.sendKeys("r")
        try waitForConfirmation(in: session, showing: "Replay \(count) dead letters?")
        try session.sendKeys("y")
        // At 10 a second the run takes seconds: cancel it a few messages in.
        try session.waitFor("a few replayed") { screen in
            screen.firstMatch(of: #/replaying (\d+)/\d+ /#).flatMap { Int($0.1) }.map { $0 >= 3 } == true
        }
        try session.sendKeys("Escape")
        let cancelled = try session.waitFor(text: "; the rest stay in the DLQ")
        let notice = try #require(cancelled.firstMatch(of: #/replay cancelled after (\d+) of (\d+)/#))
        let (sent, total) = (Int(notice.1)!, Int(notice.2)!)
        #expect(total == count)
        #expect(sent >= 3 && sent < total)
        let lines = auditLog
        #expect(lines.filter { $0.contains(#""event":"replayed""#) }.count == sent)
        #expect(lines.filter { $0.contains(#""event":"sending""#) }.count == sent)
    }

    @Test func anOrdinaryMessageIsReProducedFromTheStreamToItsOwnPartition() throws {
        let session = try launch()
        defer { session.kill() }
        try session.waitFor(text: "ord-")
        try session.sendKeys("2", " ", "k", "r")
        let confirmation = try waitForConfirmation(in: session, showing: "Re-produce this message?")
        let source = try #require(confirmation.firstMatch(of: #/from\s+(\w+)/(\d+)@(\d+)/#), "no 'from' on:\n\(confirmation)")
        // Same topic and partition: the message is its own origin.
        #expect(confirmation.contains("to         \(source.1)/\(source.2)  (the original partition)"))
        try session.sendKeys("y")
        try session.waitFor(text: "\(source.1)/\(source.2)@\(source.3) replayed to \(source.1)/\(source.2)@")
        let lines = auditLog
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.last?.contains(#""event":"replayed""#) == true)
    }
}
