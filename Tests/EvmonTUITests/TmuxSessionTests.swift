import EvmonTestSupport
import Foundation
import Testing

// Serialized: each test blocks a thread while it polls the screen, and the machine may have two.
@Suite(.serialized) struct TmuxSessionTests {
    @Test func sendsTextAndKeysAndReadsTheScreen() throws {
        let session = try TmuxSession(["sh", "-c", "echo ready; read line; echo \"got [$line]\"; sleep 30"], width: 40, height: 10)
        defer { session.kill() }
        try session.waitFor(text: "ready")
        try session.sendText("hello world")
        try session.sendKeys("Enter")
        let screen = try session.waitFor(text: "got [hello world]")
        #expect(screen.split(separator: "\n").first == "ready")
        #expect(session.isRunning)
    }

    @Test func passesEnvironmentAndHasTheRequestedSize() throws {
        let session = try TmuxSession(
            ["sh", "-c", "echo \"value=$EVMON_TMUX_TEST size=$(stty size)\"; sleep 30"], width: 57, height: 13,
            environment: ["EVMON_TMUX_TEST": "42 and more"])
        defer { session.kill() }
        try session.waitFor(text: "value=42 and more size=13 57")
    }

    @Test func resizingSendsTheProgramANewSize() throws {
        let script = "trap 'echo now $(stty size)' WINCH; echo start $(stty size); while :; do sleep 0.05; done"
        let session = try TmuxSession(["sh", "-c", script], width: 80, height: 24)
        defer { session.kill() }
        try session.waitFor(text: "start 24 80")
        try session.resize(width: 50, height: 12)
        try session.waitFor(text: "now 12 50")
    }

    @Test func anExitedProgramLeavesItsStatus() throws {
        let session = try TmuxSession(["sh", "-c", "echo goodbye; read line; exit 3"])
        defer { session.kill() }
        try session.waitFor(text: "goodbye")
        #expect(session.exitStatus == nil)
        try session.sendKeys("Enter")
        #expect(session.waitForExit() == 3)
        #expect(!session.isRunning)
    }

    @Test func killEndsTheSessionAndLeavesNoFilesBehind() throws {
        let session = try TmuxSession(["sleep", "30"])
        #expect(session.isRunning)
        let leftovers = { try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix(session.name) } }
        #expect(try leftovers().count == 2)  // its configuration and its socket
        session.kill()
        #expect(!session.isRunning)
        #expect(try leftovers().isEmpty)
        #expect(throws: TmuxSession.Failure.self) { try session.capture() }
        session.kill()  // idempotent
    }

    @Test func waitingForMissingTextTimesOutWithTheScreen() throws {
        let session = try TmuxSession(["sh", "-c", "echo something else; sleep 30"])
        defer { session.kill() }
        do {
            try session.waitFor(text: "never shown", timeout: 0.5)
            Issue.record("waitFor should have timed out")
        } catch TmuxSession.Failure.timedOut(let text, let screen) {
            #expect(text == "never shown")
            #expect(screen.contains("something else"))
        }
    }

    @Test func sessionsRunningAtOnceDoNotCollide() throws {
        let first = try TmuxSession(["sh", "-c", "echo first; sleep 30"])
        let second = try TmuxSession(["sh", "-c", "echo second; sleep 30"])
        defer {
            first.kill()
            second.kill()
        }
        #expect(first.name != second.name)
        try first.waitFor(text: "first")
        try second.waitFor(text: "second")
        #expect(try !first.capture().contains("second"))
        #expect(try !second.capture().contains("first"))
    }
}
