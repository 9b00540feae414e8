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
