import EvmonTestSupport
import Foundation
import Testing

/// The mistakes of a newcomer's first hour each get one clear line (exit 2), naming what to do.
@Suite struct FirstHourErrorTests {
    @Test(arguments: [
        ("tpoics", "evmon: unknown command 'tpoics'; did you mean 'topics'?"),
        ("tial", "evmon: unknown command 'tial'; did you mean 'tail'?"),
        ("chekc", "evmon: unknown command 'chekc'; did you mean 'check'?"),
        ("lags", "evmon: unknown command 'lags'; did you mean 'lag'?"),
    ])
    func typoedCommandIsNamedNotUIsUsage(word: String, expected: String) throws {
        let outcome = try evmon(word)
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardError == expected + "\n")
    }

    /// A word far from every command is a topic for the TUI (`evmon orders` is `evmon ui
    /// orders`); without a terminal that is the one line saying so, not a usage dump.
    @Test func aWordFarFromEveryCommandIsATopicForTheTUI() throws {
        let outcome = try evmon("xyzzy")
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardError == "evmon: the terminal UI needs a terminal on standard input and output\n")
    }

    @Test func unknownGroupListsTheGroupsThatExist() throws {
        let outcome = try evmon("lag", "--group", "nosuch", "--broker", pinnedDemo)
        expectOneLineError(outcome, code: 2, mentioning: "unknown consumer group 'nosuch' (known: audit, inventory, notifications, shipping)")
    }

    @Test func brokerFromTheEnvironmentSaysSo() throws {
        let outcome = try evmon("topics", environment: ["EVMON_BROKER": "localhost:9092"])
        expectOneLineError(outcome, code: 2, mentioning: "EVMON_BROKER (set in the environment): broker URL 'localhost:9092' has no scheme")
        #expect(outcome.standardError.contains("(for a Kafka broker: kafka://localhost:9092)"))
    }

    /// The help text wraps at words: a paragraph's lines run to the help's width (80) except its
    /// last, instead of source lines longer than 80 leaving short stubs.
    @Test func replayHelpWrapsAtTheWidthNotMidPhrase() throws {
        let help = try evmon("dlq", "replay", "--help").standardOutput
        let discussion = help.components(separatedBy: "\nUSAGE:")[0].components(separatedBy: "\n\n").dropFirst()
        #expect(!discussion.isEmpty, "\(help)")
        for paragraph in discussion {
            let lines = paragraph.split(separator: "\n")
            for line in lines.dropLast() {
                #expect(line.count >= 60, "a stub line mid-paragraph: '\(line)' in \(paragraph)")
            }
        }
    }

    @Test func dryRunsFirstLineIsASentence() throws {
        let outcome = try evmon("dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--dry-run", "--broker", pinnedDemo)
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines.first == "dry run  nothing sent; this is exactly what would be sent:")
    }
}
