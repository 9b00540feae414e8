import EvmonTestSupport
import Foundation
import Testing

/// `evmon ui` / `evmon demo` refusals that happen before the screen changes.
@Suite struct InterfaceCommandTests {
    @Test func withoutATerminalTheTUISaysSoAndExitsTwo() throws {
        expectOneLineError(try evmon("demo"), code: 2, mentioning: "terminal")
        // As every command, demo takes --read-only (it gets as far as needing the terminal).
        expectOneLineError(try evmon("demo", "--read-only"), code: 2, mentioning: "terminal")
    }

    @Test func anUnknownThemeListsTheKnownOnes() throws {
        expectOneLineError(try evmon("demo", "--theme", "solarized-purple"), code: 2, mentioning: "solarized-purple")
        let outcome = try evmon("demo", "--theme", "solarized-purple")
        #expect(outcome.standardError.contains("high-contrast"))
    }

    @Test func aBrokenThemeFileNamesTheKeyAndItsPlace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID()).yaml").path
        try "text: { fg: white }\nbordr: { fg: red }\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectOneLineError(try evmon("ui", "--theme", path), code: 2, mentioning: "\(path):2:1")
        #expect(try evmon("ui", "--theme", path).standardError.contains("bordr"))
    }

    @Test func aBrokenWatchFileStopsBeforeTheScreenChanges() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watches-\(UUID()).yaml").path
        try "watches:\n  - name: x\n    topic: orders\n    expect: '.a =='\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        expectOneLineError(try evmon("demo", "--watches", path), code: 2, mentioning: "watch 'x' (\(path):2:5)")
        #expect(try evmon("demo", "--watches", path).standardError.contains("not valid jq"))
    }
}
