import Foundation

/// Golden files: expected text kept beside the tests, re-recorded with `EVMON_RECORD_GOLDEN=1`.
public enum GoldenFile {
    /// Compares `actual` with the golden file `name` in `directory`; returns a readable line diff
    /// on mismatch, `nil` when equal. When recording (or when the file is missing and recording),
    /// writes `actual` and returns `nil`.
    public static func mismatch(_ actual: String, name: String, directory: String) -> String? {
        let path = directory + "/" + name
        let recording = ProcessInfo.processInfo.environment["EVMON_RECORD_GOLDEN"] == "1"
        if recording {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return "golden file \(path) is missing; run with EVMON_RECORD_GOLDEN=1 to record it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = ["\(name) differs (re-record with EVMON_RECORD_GOLDEN=1 if the change is intended):"]
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let old = index < expectedLines.count ? String(expectedLines[index]) : "<none>"
            let new = index < actualLines.count ? String(actualLines[index]) : "<none>"
            if old != new { diff += ["  line \(index + 1)", "  - \(old)", "  + \(new)"] }
        }
        return diff.joined(separator: "\n")
    }
}
