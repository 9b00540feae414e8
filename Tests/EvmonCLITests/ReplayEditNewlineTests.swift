import EvmonTestSupport
import Foundation
import Testing

/// `dlq replay --edit` with an editor that saves without a change but, as vi does, ends the
/// file with a newline: the plan is the unedited one, byte for byte (no "(edited)", same size).
@Suite struct ReplayEditNewlineTests {
    @Test func unchangedEditIsNoEdit() throws {
        let replay = ["dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--dry-run", "--broker", pinnedDemo]
        let unedited = try EvmonProcess.run(replay)
        #expect(unedited.exitCode == 0, "\(unedited.standardError)")
        let valueLine = try #require(unedited.lines.first { $0.hasPrefix("value") })
        let size = try #require(valueLine.range(of: "  (", options: .backwards).map { String(valueLine[$0.lowerBound...]) })
        #expect(!size.contains("edited"))

        let editor = #"sh -c 'echo >> "$1"' x"#
        let session = try TmuxSession([EvmonProcess.binaryPath] + replay + ["--edit"], width: 400, height: 40, environment: ["EDITOR": editor, "VISUAL": ""])
        defer { session.kill() }
        #expect(session.waitForExit(timeout: 30) == 0)
        let screen = try session.capture()
        let editedLine = try #require(screen.split(separator: "\n").first { $0.hasPrefix("value") }, "\(screen)")
        #expect(editedLine.hasSuffix(size), "the editor's newline was sent: \(editedLine) vs \(size)")
    }
}
