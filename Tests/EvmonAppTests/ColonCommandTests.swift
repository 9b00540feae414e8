@testable import EvmonPresentation
import EvmonModel
import Testing
@testable import EvmonApp

/// The `:` command table: one name per command, every name runs it, tab completes names, and
/// help and the `:` key's help are written from it.
@Suite struct ColonCommandTests {
    func typed(_ text: String, then keys: Key..., in state: inout AppState) -> [Effect] {
        _ = reduce(&state, .keyPressed(.character(":")))
        for character in text { _ = reduce(&state, .keyPressed(.character(character))) }
        return keys.flatMap { reduce(&state, .keyPressed($0)) }
    }

    @Test func noNameBelongsToTwoCommands() {
        let names = ColonCommand.all.flatMap(\.names)
        #expect(Set(names).count == names.count)
    }

    @Test func everyNameOfACommandRunsIt() {
        for name in ColonCommand.named("watches")!.names {
            var state = AppState(brokerURL: "test://", now: 0)
            #expect(typed("\(name) rules.yaml", then: .enter, in: &state) == [.loadWatches(path: "rules.yaml")])
        }
        for name in ColonCommand.named("help")!.names {
            var state = AppState(brokerURL: "test://", now: 0)
            _ = typed(name, then: .enter, in: &state)
            #expect(state.view.overlay == .help)
        }
        for name in ColonCommand.named("q")!.names {
            var state = AppState(brokerURL: "test://", now: 0)
            _ = typed(name, then: .enter, in: &state)
            #expect(state.view.quitRequested, ":\(name)")
        }
    }

    @Test func tabCompletesAsFarAsTheNamesAgree() {
        var state = AppState(brokerURL: "test://", now: 0)
        _ = typed("th", then: .tab, in: &state)
        #expect(state.view.mode == .command("theme "), "a whole name taking arguments gets its space")
        _ = reduce(&state, .keyPressed(.escape))
        _ = typed("t", then: .tab, in: &state)
        #expect(state.view.mode == .command("t"), "topic and theme agree on nothing more")
        _ = reduce(&state, .keyPressed(.escape))
        _ = typed("h", then: .tab, in: &state)
        #expect(state.view.mode == .command("help"))
        _ = reduce(&state, .keyPressed(.escape))
        _ = typed("seek -5", then: .tab, in: &state)
        #expect(state.view.mode == .command("seek -5"), "only the name completes")
        #expect(ColonCommand.matching("s").map(\.name) == ["seek"])
        #expect(ColonCommand.matching("x").count == ColonCommand.all.count, "nothing matches: every command is shown")
    }

    @Test func helpAndTheColonKeyAreWrittenFromTheTable() {
        let commands = HelpPage(keymap: .standard).sections.last!
        #expect(commands.lines.map(\.keys) == ColonCommand.all.map(\.usage))
        #expect(commands.lines.map(\.text) == ColonCommand.all.map(\.help))
        let colon = Keymap.standard.bindings.first { $0.command == .startCommand }!
        for command in ColonCommand.all { #expect(colon.help.contains(command.name)) }
    }
}
