import EvmonTestSupport
import Foundation
import Testing

/// docs/CLI.md is the reference people read: every option a command's `--help` prints is in it,
/// spelled as evmon spells it, so the docs cannot fall behind the code unnoticed.
@Suite struct CLIDocumentationTests {
    static let commands: [[String]] = [[], ["ui"], ["demo"], ["topics"], ["tail"], ["lag"], ["dlq"], ["dlq", "list"], ["dlq", "replay"], ["check"]]

    static let reference: String = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/CLI.md").standardized.path
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }()

    /// The `--long` option names of a help text (ArgumentParser's OPTIONS section).
    static func options(in help: String) -> Set<String> {
        var found: Set<String> = []
        for line in help.split(separator: "\n") where line.hasPrefix("  -") {
            for word in line.split(separator: " ") where word.hasPrefix("--") {
                let name = word.prespace(upTo: "<").trimmingCharacters(in: CharacterSet(charactersIn: ",="))
                if name.count > 2 { found.insert(name) }
            }
        }
        return found
    }

    @Test(arguments: commands)
    func everyOptionOfTheHelpIsDocumented(command: [String]) throws {
        #expect(!Self.reference.isEmpty, "docs/CLI.md is missing")
        let help = try EvmonProcess.run(command + ["--help"]).standardOutput
        let options = Self.options(in: help)
        #expect(options.contains("--help"), "the help text was read: \(help.prefix(300))")
        for option in options.sorted() where !Self.reference.contains(option) {
            Issue.record("evmon \(command.joined(separator: " ")) --help prints \(option), which docs/CLI.md does not mention")
        }
    }
}

private extension Substring {
    /// The part before `mark` (the whole word when there is none).
    func prespace(upTo mark: Character) -> String {
        String(split(separator: mark, maxSplits: 1).first ?? self)
    }
}
