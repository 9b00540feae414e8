import EvmonTestSupport
import EvmonUI
import Foundation
import Testing

/// Watches inside a running monitor: loaded over what is buffered, judged live, reloaded when
/// the file changes, and Enter jumping to the offender.
@Suite struct WatchesInTheMonitorTests {
    static let examples = String(#filePath.dropLast("Tests/EvmonUITests/WatchesInTheMonitorTests.swift".count)) + "examples/watches/orders.yaml"

    /// Streams the whole demo history, so every planted fault is in view.
    func seekEarliest(_ fixture: DemoSessionFixture) async throws {
        await fixture.press(.character(":"))
        await fixture.type("seek earliest")
        await fixture.press(.enter)
        try await fixture.waitUntilCaughtUp()
    }

    @Test func theExampleWatchesCatchTheDemosPlantedFaults() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48, watchesPath: Self.examples)
        try await fixture.settle(lagPolls: 2)
        try await seekEarliest(fixture)
        let state = await fixture.session.state
        let byName = Dictionary(uniqueKeysWithValues: state.watches.results.map { ($0.name, $0) })
        #expect(state.watches.path == Self.examples)
        #expect(byName["no duplicate events"]?.status == .fail)
        #expect(byName["order totals add up"]?.status == .pass)
        #expect(state.watches.results.allSatisfy { $0.evaluated > 0 || $0.kind == "lag" || $0.kind == "empty" })
        let grid = ScreenRenderer.render(state)
        #expect(grid.textDump().contains("Watches · orders.yaml · "))
    }

    @Test func enterOnAFailingWatchSelectsItsOffendingMessage() async throws {
        let fixture = DemoSessionFixture(width: 160, height: 48, watchesPath: Self.examples)
        try await fixture.settle(lagPolls: 2)
        try await seekEarliest(fixture)
        await fixture.press(.character("6"))
        var state = await fixture.session.state
        let failing = try #require(state.watches.results.firstIndex { $0.name == "no duplicate events" })
        for _ in 0..<failing { await fixture.press(.character("j")) }
        await fixture.press(.enter)
        state = await fixture.session.state
        let violation = try #require(state.watches.results[failing].latestFailure)
        if state.view.focus == .stream {
            let row = try #require(state.view.stream.selectedRowNumber.flatMap { state.view.stream.row($0) })
            #expect(state.record(row)?.record.offset == violation.offset)
        } else {
            #expect(state.view.detail?.record.offset == violation.offset)
        }
    }

    @Test func aChangedWatchFileIsReloadedAndABrokenOneKeepsTheOldRules() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-watch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.yaml").path
        try "watches:\n  - name: ids\n    topic: orders\n    require: [event_id]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let fixture = DemoSessionFixture(width: 160, height: 48, watchesPath: path)
        try await fixture.settle(lagPolls: 1)
        #expect(await fixture.session.state.watches.results.map(\.name) == ["ids"])
        try "watches:\n  - name: types\n    topic: orders\n    require: [event_type]\n".write(toFile: path, atomically: true, encoding: .utf8)
        await fixture.press(.character(":"))
        await fixture.type("watches \(path)")
        await fixture.press(.enter)
        #expect(await fixture.session.state.watches.results.map(\.name) == ["types"])
        #expect(await fixture.session.state.watches.results[0].evaluated > 0, "new rules judge what is already buffered")
        try "watches:\n  - name: [broken\n".write(toFile: path, atomically: true, encoding: .utf8)
        await fixture.press(.character(":"))
        await fixture.type("watches \(path)")
        await fixture.press(.enter)
        let state = await fixture.session.state
        #expect(state.watches.results.map(\.name) == ["types"])
        #expect(state.view.notice?.isError == true)
        #expect(state.view.notice?.text.contains("w.yaml:") == true)
    }
}
