import EvmonModel

/// JUnit XML for `evmon check --junit FILE`: one testsuite per watch file, one testcase per
/// watch, a `<failure>` carrying the first (and latest) offending message.
///
/// Message bytes are made safe twice: control characters and invalid UTF-8 become visible
/// escapes (`\x1b`, which XML 1.0 could not carry even as a character reference), then
/// `& < > " '` become entities.
public enum JUnitReport {
    /// One watch file's results.
    public struct Suite: Sendable {
        public var name: String
        public var results: [WatchResult]

        public init(name: String, results: [WatchResult]) {
            self.name = name
            self.results = results
        }
    }

    /// The whole document; pending watches are `<skipped>` unless `pendingFails`.
    public static func document(_ suites: [Suite], pendingFails: Bool) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let all = suites.flatMap(\.results)
        let failed = all.filter { isFailure($0, pendingFails) }.count
        let skipped = all.filter { $0.status == .pending && !pendingFails }.count
        xml += #"<testsuites name="evmon check" tests="\#(all.count)" failures="\#(failed)" skipped="\#(skipped)">"# + "\n"
        for suite in suites {
            let suiteFailed = suite.results.filter { isFailure($0, pendingFails) }.count
            let suiteSkipped = suite.results.filter { $0.status == .pending && !pendingFails }.count
            xml += #"  <testsuite name="\#(escape(suite.name))" tests="\#(suite.results.count)" failures="\#(suiteFailed)" errors="0" skipped="\#(suiteSkipped)">"# + "\n"
            for result in suite.results {
                xml += #"    <testcase name="\#(escape(result.name))" classname="\#(escape(suite.name))">"#
                switch result.status {
                case .pass:
                    xml += "</testcase>\n"
                    continue
                case .fail:
                    let message = result.firstFailure?.why ?? "failed"
                    xml += "\n" + #"      <failure message="\#(escape(message))" type="\#(escape(result.kind))">"#
                    xml += escape(failureBody(result)) + "</failure>\n"
                case .pending:
                    let message = "pending: " + (result.note ?? "nothing settled yet")
                    if pendingFails {
                        xml += "\n" + #"      <failure message="\#(escape(message))" type="pending">"# + escape(failureBody(result)) + "</failure>\n"
                    } else {
                        xml += "\n" + #"      <skipped message="\#(escape(message))"/>"# + "\n"
                    }
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func isFailure(_ result: WatchResult, _ pendingFails: Bool) -> Bool {
        result.status == .fail || (pendingFails && result.status == .pending)
    }

    /// What a CI log shows: counts, then the offending messages.
    static func failureBody(_ result: WatchResult) -> String {
        var lines = ["\(result.failures) failure(s) in \(result.evaluated) judged; \(result.open) open"]
        if !result.failuresByCategory.isEmpty {
            lines.append(result.failuresByCategory.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
        if let note = result.note { lines.append("note: \(note)") }
        if let first = result.firstFailure { lines += describe(first, title: "first offending message") }
        if let latest = result.latestFailure, result.failures > 1 { lines += describe(latest, title: "latest offending message") }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ violation: Violation, title: String) -> [String] {
        var lines = ["", "\(title): \(violation.coordinates)"]
        if let timestamp = violation.timestamp { lines.append("timestamp: \(timestamp) (\(Timestamps.iso8601(timestamp)))") }
        if let key = violation.key { lines.append("key: " + TerminalText.escaped(key)) }
        lines.append("why: " + violation.why)
        if let value = violation.valuePreview { lines.append("value: " + TerminalText.escaped(value)) }
        return lines
    }

    /// Visible escapes for controls, then XML entities.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        // `\n` stays a real newline inside element text; everything else unprintable is escaped.
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { escaped += "\n" }
            escaped += TerminalText.escaped(String(line))
        }
        var xml = ""
        xml.reserveCapacity(escaped.utf8.count)
        for character in escaped.unicodeScalars {
            switch character {
            case "&": xml += "&amp;"
            case "<": xml += "&lt;"
            case ">": xml += "&gt;"
            case "\"": xml += "&quot;"
            case "'": xml += "&apos;"
            default: xml.unicodeScalars.append(character)
            }
        }
        return xml
    }
}
