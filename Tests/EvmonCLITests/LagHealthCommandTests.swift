import EvmonTestSupport
import Foundation
import Testing

/// `evmon lag`'s HEALTH column and `--groups`: the TUI lag pane's verdicts (`LagHealth`), judged
/// over `--samples` polls. Short intervals keep the tests quick; the verdicts asserted do not
/// depend on how long the polls took.
@Suite struct LagHealthCommandTests {
    /// The demo's `audit` group stopped committing a minute into its history, and the demo
    /// reports commit times: STOP, as the TUI shows it.
    @Test func aStoppedGroupIsStop() throws {
        let outcome = try evmon("lag", "--broker", "demo://", "--group", "audit", "--samples", "3", "--interval", "10ms", "--format", "json")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let rows = try jsonLines(outcome)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["health"] as? String == "STOP" }, "\(rows)")
    }

    /// One poll cannot judge a trend: UNKNOWN wherever lag is not 0, as in the TUI's first poll.
    @Test func onePollJudgesNothingButZeroLag() throws {
        let rows = try jsonLines(try evmon("lag", "--broker", pinnedDemo, "--samples", "1", "--format", "json"))
        #expect(rows.count == 12)
        for row in rows {
            let expected = row["lag"] as? Int == 0 ? "OK" : "UNKNOWN"
            #expect(row["health"] as? String == expected, "\(row)")
        }
    }

    @Test func groupsListsOneRowPerGroup() throws {
        let table = try evmon("lag", "--broker", pinnedDemo, "--groups", "--samples", "1")
        #expect(table.exitCode == 0, "\(table.standardError)")
        #expect(table.lines.first?.split(separator: " ") == ["GROUP", "STATE", "TOPICS", "PARTITIONS", "LAG", "HEALTH"])
        #expect(table.lines.dropFirst().map { String($0.prefix { $0 != " " }) } == ["audit", "inventory", "notifications", "shipping"])

        let rows = try jsonLines(try evmon("lag", "--broker", "demo://", "--groups", "--samples", "3", "--interval", "10ms", "--format", "json"))
        #expect(rows.map { $0["group"] as? String } == ["audit", "inventory", "notifications", "shipping"])
        for row in rows {
            #expect(Set(row.keys) == ["group", "state", "topics", "partitions", "lag", "health"])
            #expect(row["partitions"] as? Int == 3)
        }
        let audit = try #require(rows.first)
        #expect(audit["topics"] as? [String] == ["orders"])
        #expect(audit["health"] as? String == "STOP", "the worst partition's verdict")
    }

    @Test func groupsAndGroupNarrowToOne() throws {
        let rows = try jsonLines(try evmon("lag", "--broker", pinnedDemo, "--groups", "--group", "shipping", "--samples", "1", "--format", "json"))
        #expect(rows.map { $0["group"] as? String } == ["shipping"])
        #expect(rows.first?["topics"] as? [String] == ["inventory"])
    }

    @Test(arguments: [
        (["--samples", "0"], "--samples must be 1 or more"),
        (["--interval", "soon"], "--interval soon: expected a duration"),
    ])
    func badSamplingIsOneLine(arguments: [String], fragment: String) throws {
        let outcome = try EvmonProcess.run(["lag", "--broker", pinnedDemo] + arguments)
        expectOneLineError(outcome, code: 2, mentioning: fragment)
    }

    /// `--format` takes the same names on every command: `text` for people, `json` for programs
    /// (and `table`, the listing commands' first name for `text`).
    @Test(arguments: [["topics"], ["lag", "--samples", "1"], ["dlq", "list"], ["tail", "orders", "--from", "earliest", "--count", "1"]])
    func textAndJSONEverywhere(command: [String]) throws {
        for format in ["text", "json"] {
            let outcome = try EvmonProcess.run(command + ["--broker", pinnedDemo, "--format", format])
            #expect(outcome.exitCode == 0, "\(command) --format \(format): \(outcome.standardError)")
        }
        if command.first != "tail" {
            // The demo keeps moving between runs: the tables' headers say they are the same output.
            let table = try EvmonProcess.run(command + ["--broker", pinnedDemo, "--format", "table"])
            let text = try EvmonProcess.run(command + ["--broker", pinnedDemo, "--format", "text"])
            #expect(table.exitCode == 0)
            #expect(table.lines.first == text.lines.first)
        }
    }
}
