import EvmonTestSupport
import Foundation
import Testing

@Suite struct BadInputTests {
    @Test func unknownURLScheme() throws {
        expectOneLineError(try evmon("topics", "--broker", "kafak://127.0.0.1:9092"), code: 2, mentioning: "unknown broker URL scheme 'kafak://'")
    }

    @Test func malformedFrom() throws {
        expectOneLineError(try evmon("tail", "orders", "--from", "yesterday"), code: 2, mentioning: "--from yesterday")
        expectOneLineError(try evmon("tail", "orders", "--from", "@soon"), code: 2, mentioning: "@EPOCH_MS")
        expectOneLineError(try evmon("tail", "orders", "--from", "-0"), code: 2, mentioning: "-N with N > 0")
    }

    @Test func unknownTopic() throws {
        expectOneLineError(try evmon("tail", "payments", "--from", "earliest", "--count", "1"), code: 2,
                           mentioning: "unknown topic 'payments' (known: inventory, orders, orders-dlt)")
    }

    @Test func unknownPartition() throws {
        expectOneLineError(try evmon("tail", "orders", "--partition", "3", "--count", "1"), code: 2,
                           mentioning: "topic 'orders' has no partition 3")
    }

    @Test func countZeroOrNegative() throws {
        for count in ["0", "-5"] {
            let outcome = try evmon("tail", "orders", "--count", count)
            #expect(outcome.exitCode == 2)
            #expect(outcome.standardError.hasPrefix("evmon: --count must be a positive whole number"), "\(outcome.standardError)")
            #expect(outcome.standardOutput.isEmpty)
        }
    }

    @Test func notANumber() throws {
        let outcome = try evmon("tail", "orders", "--count", "many")
        #expect(outcome.exitCode == 2)
        #expect(outcome.standardError.hasPrefix("evmon: "))
        #expect(outcome.standardError.contains("--help"))
    }

    @Test func unknownFormat() throws {
        expectOneLineError(try evmon("tail", "orders", "--format", "yaml"), code: 2, mentioning: "--format yaml")
        expectOneLineError(try evmon("tail", "orders", "--format", "%q"), code: 2, mentioning: "unknown field %q")
    }

    @Test func unknownCommandOrOption() throws {
        let command = try evmon("frobnicate")
        #expect(command.exitCode == 2)
        #expect(command.standardError.hasPrefix("evmon: "))
        let option = try evmon("topics", "--colour")
        #expect(option.exitCode == 2)
        #expect(option.standardError.contains("--colour"))
    }

    @Test func aRedisServerThatIsNotThereIsOneLineExit3() throws {
        expectOneLineError(try evmon("topics", "--broker", "redis://127.0.0.1:1"), code: 3, mentioning: "cannot reach redis://127.0.0.1:1")
    }

    @Test func helpIsNotAnError() throws {
        let outcome = try evmon("tail", "--help")
        #expect(outcome.exitCode == 0)
        #expect(outcome.standardOutput.contains("USAGE: evmon tail"))
        #expect(outcome.standardError.isEmpty)
    }
}

/// Command-line input that once trapped or reached the terminal raw.
@Suite struct HostileCommandLineTests {
    @Test func aTopicNamedTwiceIsReadOnce() throws {
        let twice = try evmon("tail", "orders", "orders", "--from", "earliest", "-e", "--format", "%p@%o\\n", "--broker", pinnedDemo)
        #expect(twice.exitCode == 0, "\(twice.standardError)")
        #expect(twice.lines.count > 100)
        #expect(Set(twice.lines).count == twice.lines.count, "every partition and offset once")
    }

    @Test func escapeSequencesInAnErrorAreShownEscaped() throws {
        let outcome = try evmon("tail", "x\u{1b}]0;title\u{07}\u{202e}", "--from", "earliest", "--broker", pinnedDemo)
        expectOneLineError(outcome, code: 2, mentioning: #"unknown topic 'x\x1b]0;title\x07\u202e'"#)
        #expect(!outcome.standardError.utf8.contains(0x1b))
        #expect(!outcome.standardError.utf8.contains(0x07))
    }

    @Test func escapeSequencesInAnArgumentErrorAreShownEscaped() throws {
        let outcome = try evmon("tail", "orders", "--count", "\u{1b}[2J")
        #expect(outcome.exitCode == 2)
        #expect(!outcome.standardError.utf8.contains(0x1b), "\(outcome.standardError)")
        #expect(outcome.standardError.contains(#"\x1b[2J"#))
    }

    @Test func aQueryWithoutANameIsAUsageError() throws {
        expectOneLineError(try evmon("topics", "--broker", "kafka://127.0.0.1:9092?="), code: 2, mentioning: "query part '=' has no name")
    }
}
