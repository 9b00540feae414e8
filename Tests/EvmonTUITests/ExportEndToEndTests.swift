import EvmonTestSupport
import Foundation
import Testing

/// `x` in the real binary, in tmux, on the pinned demo: the marked dead letters and the
/// filtered stream written as tail's JSON lines, which evmon reads back; an existing file is
/// replaced only after `y`.
@Suite(.timeLimit(.minutes(2))) final class ExportEndToEndTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-export-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func markedDeadLettersThenTheFilteredStreamGoToAFileAfterConfirmingTheOverwrite() throws {
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "--broker", "demo://?seed=7&start=1764115200000"], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC", "XDG_STATE_HOME": folder.path, "XDG_CONFIG_HOME": folder.path])
        defer { session.kill() }
        try session.waitFor(text: "● connected", timeout: 20)
        try session.waitFor("the demo's dead letters", timeout: 20) { $0.contains("DLQ · 5") }
        let path = folder.appendingPathComponent("out.jsonl").path

        // The DLQ pane: the reason under the cursor marked (space), then x.
        try session.sendKeys("5")
        try session.sendKeys("j", "Space", "x")
        try session.waitFor(text: ":export ", timeout: 30)
        try session.sendText(path)
        try session.sendKeys("Enter")
        let written = try session.waitFor("the export's notice", timeout: 30) { $0.contains("exported ") && $0.contains("dead letter") }
        let exported = lines(path)
        #expect(!exported.isEmpty, "\(written)")
        #expect(exported.allSatisfy { $0.hasPrefix(#"{"topic":"orders-dlt""#) })
        #expect(written.contains("exported \(exported.count) dead letter"))

        // The stream, filtered, to the same path: asked first, replaced after y.
        try session.sendKeys("2", "/")
        try session.sendText("OrderCancelled")
        try session.sendKeys("Enter", "Space", "x")
        try session.waitFor(text: ":export ", timeout: 30)
        try session.sendText(path)
        try session.sendKeys("Enter")
        try session.waitFor(text: "exists: replace it with", timeout: 30)
        try session.sendKeys("y")
        let replaced = try session.waitFor("the second export's notice", timeout: 30) { $0.contains("passing the filter to") }
        let stream = lines(path)
        #expect(!stream.isEmpty, "\(replaced)")
        #expect(stream.allSatisfy { $0.contains("OrderCancelled") })

        // What was written reads back as a capture.
        let topics = Set(stream.compactMap { $0.firstMatch(of: #/^\{"topic":"([^"]+)"/#).map { String($0.1) } }).sorted()
        let reread = try EvmonProcess.run(["tail"] + topics + ["-e", "--from", "earliest", "--format", "%o\\n", "--broker", "file://" + path])
        #expect(reread.exitCode == 0, "\(reread.standardError)")
        #expect(reread.lines.count == stream.count)
    }
}
