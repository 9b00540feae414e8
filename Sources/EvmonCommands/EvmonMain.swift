import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// The process entry point: parses, runs, and turns every error into one line on stderr and the
/// exit code docs/CLI.md assigns to it. Never a stack trace.
public enum EvmonMain {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // A reader that goes away (`| head`) must end evmon quietly, not kill it with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        if let typo = CommandSuggestion.nearMiss(arguments) { fail(typo, code: 2) }
        do {
            var command = try Evmon.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as EvmonError {
            fail(error.description, code: error.exitCode)
        } catch is OutputClosed {
            exit(0)
        } catch let code as ExitCode {
            // A verdict (`check` found a failure), already reported on stdout: no error line.
            exit(code.rawValue)
        } catch {
            let code = Evmon.exitCode(for: error)
            if code == .success {
                print(Evmon.fullMessage(for: error))
                exit(0)
            }
            // Argument errors: ArgumentParser's message and usage, under docs/CLI.md's exit code 2.
            let message = Evmon.fullMessage(for: error)
            let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            StandardError.reportLines("evmon: " + trimmed)
            exit(2)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        StandardError.report("evmon: " + message)
        exit(code)
    }
}
