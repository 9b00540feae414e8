import EvmonModel
import EvmonWatches

/// `evmon check --format text`: a verdict line per watch, the first offending message under a
/// failure, and a summary. For people; the layout may change (docs/CLI.md).
enum CheckText {
    static func lines(_ results: [WatchResult], file: String) -> [String] {
        let width = min(48, results.map(\.name.count).max() ?? 0)
        var lines: [String] = []
        for result in results {
            let label = result.status.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)
            let name = TerminalText.escaped(result.name)
            var line = label + name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + "  "
            line += result.summary
            lines.append(line)
            if let first = result.firstFailure { lines.append("        first: " + describe(first)) }
            if let latest = result.latestFailure, result.failures > 1 { lines.append("        latest: " + describe(latest)) }
            if let note = result.note, result.status != .pass { lines.append("        note: " + TerminalText.escaped(note)) }
        }
        let passed = results.filter { $0.status == .pass }.count
        let failed = results.filter { $0.status == .fail }.count
        let pending = results.filter { $0.status == .pending }.count
        lines.append("\(results.count) watches in \(TerminalText.escaped(file)): \(passed) passed, \(failed) failed, \(pending) pending")
        return lines
    }

    private static func describe(_ violation: Violation) -> String {
        var text = TerminalText.escaped(violation.coordinates)
        if let key = violation.key { text += " key " + TerminalText.escaped(key) }
        return text + ": " + TerminalText.escaped(violation.why)
    }
}
