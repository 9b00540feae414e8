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
        /// The suite's name: the watch file as it was named on the command line.
        public var name: String
        public var results: [WatchResult]
        /// The testcases' class name: the watch file's name without its folder and extension
        /// (`orders` for `examples/watches/orders.yaml`), which dashboards show as the class.
        public var className: String
        /// The suite's `time`: how long the run read and judged (the whole check).
        public var time: Duration
        /// Each testcase's `time`, index-aligned with `results`: how long that watch spent judging.
        public var caseTimes: [Duration]

        public init(name: String, results: [WatchResult], time: Duration = .zero, caseTimes: [Duration] = []) {
            self.name = name
            self.results = results
            self.className = Self.className(ofFile: name)
            self.time = time
            self.caseTimes = caseTimes
        }

        /// `orders` for `examples/watches/orders.yaml`: a dot would read as a package separator.
        static func className(ofFile path: String) -> String {
            let file = path.split(separator: "/").last.map(String.init) ?? path
            for suffix in [".yaml", ".yml"] where file.hasSuffix(suffix) && file.count > suffix.count {
                return String(file.dropLast(suffix.count))
            }
            return file
        }
    }

    /// The whole document; pending watches are `<skipped>` unless `pendingFails`.
    public static func document(_ suites: [Suite], pendingFails: Bool) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let all = suites.flatMap(\.results)
        let failed = all.filter { isFailure($0, pendingFails) }.count
        let skipped = all.filter { $0.status == .pending && !pendingFails }.count
        let total = suites.map(\.time).max() ?? .zero
        xml += #"<testsuites name="evmon check" tests="\#(all.count)" failures="\#(failed)" skipped="\#(skipped)" time="\#(seconds(total))">"# + "\n"
        for suite in suites {
            let suiteFailed = suite.results.filter { isFailure($0, pendingFails) }.count
            let suiteSkipped = suite.results.filter { $0.status == .pending && !pendingFails }.count
            xml += #"  <testsuite name="\#(escape(suite.name))" tests="\#(suite.results.count)" failures="\#(suiteFailed)" errors="0" skipped="\#(suiteSkipped)" time="\#(seconds(suite.time))">"# + "\n"
            for (index, result) in suite.results.enumerated() {
                let time = index < suite.caseTimes.count ? suite.caseTimes[index] : .zero
                xml += #"    <testcase name="\#(escape(result.name))" classname="\#(escape(suite.className))" time="\#(seconds(time))">"#
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

    /// JUnit's `time`: seconds with millisecond decimals, `1.250`.
    static func seconds(_ duration: Duration) -> String {
        let (wholeSeconds, attoseconds) = duration.components
        let milliseconds = max(0, wholeSeconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
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
