import EvmonTestSupport
import Foundation
import Testing

/// A demo broker with pinned history, so separate evmon processes see the same messages.
let pinnedDemo = "demo://?seed=7&start=1764115200000"

func evmon(_ arguments: String..., environment: [String: String] = [:], timeout: TimeInterval = 30) throws -> EvmonProcess.Outcome {
    try EvmonProcess.run(arguments, environment: environment, timeout: timeout)
}

/// `evmon` off the cooperative threads, for async tests: a child process waited for there
/// holds one of the two threads every other test needs (a starved Kafka test timed out).
func evmonOnOwnThread(_ arguments: String..., environment: [String: String] = [:], timeout: TimeInterval = 30) async throws -> EvmonProcess.Outcome {
    try await runEvmon(arguments, environment: environment, timeout: timeout)
}

/// Parses each output line as a JSON object.
func jsonLines(_ outcome: EvmonProcess.Outcome) throws -> [[String: Any]] {
    try outcome.lines.map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
    }
}

/// Checks that a failed run printed exactly one `evmon: …` line mentioning `fragment`.
func expectOneLineError(_ outcome: EvmonProcess.Outcome, code: Int32, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcome.exitCode == code, "exit \(outcome.exitCode), stderr: \(outcome.standardError)", sourceLocation: sourceLocation)
    let lines = outcome.standardError.split(separator: "\n")
    #expect(lines.first?.hasPrefix("evmon: ") == true, "stderr: \(outcome.standardError)", sourceLocation: sourceLocation)
    #expect(lines.first?.contains(fragment) == true, "stderr: \(outcome.standardError)", sourceLocation: sourceLocation)
    #expect(!outcome.standardError.contains("Fatal error"), sourceLocation: sourceLocation)
    #expect(outcome.standardOutput.isEmpty, sourceLocation: sourceLocation)
}

/// A fresh `XDG_CONFIG_HOME` whose `evmon/config.yaml` holds `yaml`; returns the folder.
func configFolder(_ yaml: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("evmon"), withIntermediateDirectories: true)
    try yaml.write(to: folder.appendingPathComponent("evmon/config.yaml"), atomically: true, encoding: .utf8)
    return folder.path
}
