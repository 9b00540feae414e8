import EvmonTestSupport
import Foundation
import Testing
import EvmonModel

@Suite struct TailCommandTests {
    @Test func fiftyJSONLinesFromEarliestMatchTheContract() throws {
        let outcome = try evmon("tail", "orders", "--broker", "demo://", "--from", "earliest", "--count", "50", "--format", "json")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        #expect(outcome.lines.count == 50)
        for (line, object) in zip(outcome.lines, try jsonLines(outcome)) {
            #expect(line.hasPrefix(#"{"topic":"orders","partition":"#))
            #expect(Set(object.keys) == ["topic", "partition", "offset", "timestamp", "key", "headers", "value"])
            #expect((0..<3).contains(object["partition"] as? Int ?? -1))
            #expect(object["offset"] is Int)
            #expect((object["timestamp"] as? Int64 ?? 0) > 1_700_000_000_000)
            #expect((object["key"] as? String)?.hasPrefix("ord-") == true)
            let headers = try #require(object["headers"] as? [[Any]])
            #expect(headers.allSatisfy { $0.count == 2 && $0[0] is String })
            #expect(object["value"] is String)
        }
        // Key order in the line follows docs/CLI.md.
        let first = try #require(outcome.lines.first)
        let positions = ["\"topic\"", "\"partition\"", "\"offset\"", "\"timestamp\"", "\"key\"", "\"headers\"", "\"value\""]
            .map { first.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func exitAtEndStopsOnceEveryPartitionIsRead() throws {
        let listed = try jsonLines(try evmon("topics", "--broker", pinnedDemo, "--format", "json"))
        let expected = try #require(listed.first { $0["topic"] as? String == "orders-dlt" }?["messages"] as? Int)
        let outcome = try evmon("tail", "orders-dlt", "--broker", pinnedDemo, "--from", "earliest", "-e", "--format", "json")
        #expect(outcome.exitCode == 0)
        // Live traffic may add a dead letter or two between the two runs' reads; never fewer.
        #expect((expected...(expected + 5)).contains(outcome.lines.count))
        #expect(expected >= 4)
    }

    @Test func lastNPerPartition() throws {
        let outcome = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "-4", "-e", "--format", "%p\\n")
        #expect(outcome.exitCode == 0)
        let counts = Dictionary(grouping: outcome.lines, by: { $0 }).mapValues(\.count)
        #expect(counts.keys.sorted() == ["0", "1", "2"])
        // Four each, plus whatever live traffic arrived while reading (a loaded machine reads slowly).
        #expect(counts.values.allSatisfy { (4...14).contains($0) })
    }

    @Test func anOffsetAndAPartition() throws {
        let outcome = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "100", "--partition", "2", "--count", "3", "--format", "%t %p %o\\n")
        #expect(outcome.lines == ["orders 2 100", "orders 2 101", "orders 2 102"])
    }

    @Test func aTimestampStartsAtOrAfterIt() throws {
        let all = try jsonLines(try evmon("tail", "inventory", "--broker", pinnedDemo, "--from", "earliest", "--count", "400", "--format", "json"))
        let pivot = try #require(all[200]["timestamp"] as? Int64)
        let later = try jsonLines(try evmon("tail", "inventory", "--broker", pinnedDemo, "--from", "@\(pivot)", "--count", "20", "--format", "json"))
        #expect(later.count == 20)
        #expect(later.allSatisfy { ($0["timestamp"] as? Int64 ?? 0) >= pivot })
        #expect(later.first?["timestamp"] as? Int64 == pivot)
    }

    /// The times `:seek` takes work on the command line: `--from` an ISO 8601 time, and
    /// `--until` a time or an offset, each partition stopping before its first message there.
    @Test func isoStartsAndUntilBoundsStopEachPartition() throws {
        // The history before the pinned start, the same in every run while the demo keeps writing.
        let all = try jsonLines(try evmon("tail", "inventory", "--broker", pinnedDemo, "--from", "earliest", "--until", "@1764115200000", "--format", "json"))
        let times = all.compactMap { $0["timestamp"] as? Int64 }.sorted()
        let start = times[times.count / 4]
        let end = times[times.count / 2]
        let iso = Timestamps.iso8601(start)
        let bounded = try evmon("tail", "inventory", "--broker", pinnedDemo, "--from", iso, "--until", "@\(end)", "--format", "%p %T\\n")
        #expect(bounded.exitCode == 0, "\(bounded.standardError)")
        let rows = bounded.lines.map { $0.split(separator: " ") }
        #expect(!rows.isEmpty && rows.allSatisfy { (start..<end).contains(Int64($0[1])!) }, "\(bounded.lines.prefix(3))")
        #expect(rows.count == all.filter { (start..<end).contains($0["timestamp"] as? Int64 ?? 0) }.count)

        let byOffset = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "earliest", "--until", "5", "--format", "%p %o\\n")
        #expect(byOffset.exitCode == 0, "\(byOffset.standardError)")
        #expect(Set(byOffset.lines) == Set((0..<3).flatMap { partition in (0..<5).map { "\(partition) \($0)" } }))
    }

    /// `--filter` is the TUI's filter: text, regular expressions, jq, scoped to a field. Read
    /// up to the pinned demo's start, so both runs see the same history while it keeps writing.
    @Test func filterPrintsWhatTheTUIsFilterPasses() throws {
        let history = ["tail", "orders", "--broker", pinnedDemo, "--from", "earliest", "--until", "@1764115200000"]
        let cancelled = try jsonLines(try EvmonProcess.run(history + ["--filter", "OrderCancelled", "--format", "json"], timeout: 30))
        #expect(!cancelled.isEmpty)
        #expect(cancelled.allSatisfy { ($0["value"] as? String)?.contains("OrderCancelled") == true })
        let jq = try EvmonProcess.run(history + ["--filter", "jq:.event_type == \"OrderCancelled\"", "--format", "%o\\n"], timeout: 30)
        #expect(jq.lines.count == cancelled.count, "\(jq.standardError)")
        let keyed = try EvmonProcess.run(history + ["--filter", "key:re:^ord-00000[0-4]$", "--format", "%k\\n"], timeout: 30)
        #expect(Set(keyed.lines).isSubset(of: ["ord-000000", "ord-000001", "ord-000002", "ord-000003", "ord-000004"]) && !keyed.lines.isEmpty, "\(keyed.lines)")
    }

    @Test(arguments: [
        (["--until", "soon"], "--until soon: expected a time"),
        (["--until", "@x"], "--until @x: expected @EPOCH_MS"),
        (["--from", "-99999999999999999d"], "--from -99999999999999999d: expected"),
        (["--until", "-5m", "-o", "e@1"], "both say where to stop"),
        (["--filter", "re:("], "re:("),
    ])
    func badBoundsAndFiltersAreOneLine(arguments: [String], fragment: String) throws {
        let outcome = try EvmonProcess.run(["tail", "orders", "--broker", "demo://"] + arguments, timeout: 30)
        expectOneLineError(outcome, code: 2, mentioning: fragment)
    }

    @Test func aPinnedDemoIsReproducibleAcrossRuns() throws {
        let first = try evmon("tail", "orders", "inventory", "--broker", pinnedDemo, "--from", "earliest", "--count", "50", "--format", "json")
        let second = try evmon("tail", "orders", "inventory", "--broker", pinnedDemo, "--from", "earliest", "--count", "50", "--format", "json")
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.lines.count == 50)
    }

    @Test func followsLiveTrafficFromLatest() throws {
        let started = Int64(Date().timeIntervalSince1970 * 1000)
        let outcome = try evmon("tail", "orders", "--broker", "demo://?rate=200", "--count", "10", "--format", "json", timeout: 20)
        #expect(outcome.exitCode == 0)
        #expect(!outcome.timedOut)
        let timestamps = try jsonLines(outcome).compactMap { $0["timestamp"] as? Int64 }
        #expect(timestamps.count == 10)
        #expect(timestamps.allSatisfy { $0 >= started - 1_000 })
    }

    @Test func textIsTheDefaultFormat() throws {
        let outcome = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "earliest", "--count", "2")
        #expect(outcome.lines.count == 2)
        #expect(outcome.lines.allSatisfy { $0.hasPrefix("2025-11-25T23:5") && $0.contains(" orders/") && $0.contains(" key=ord-") })
    }

    @Test func kcatFormatWithHeaders() throws {
        let outcome = try evmon("tail", "orders-dlt", "--broker", pinnedDemo, "--from", "earliest", "--count", "1", "--format", "%k|%h\\n")
        let line = try #require(outcome.lines.first)
        #expect(line.hasPrefix("ord-"))
        // Binary Spring headers show as escapes; the stack trace's newlines and tabs too.
        #expect(line.contains(#"kafka_dlt-original-partition=\x00\x00\x00"#))
        #expect(line.contains(#"\n\tat "#))
        #expect(!outcome.standardOutput.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func binaryValuesAreBase64InJSONAndEscapedInText() throws {
        let json = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "earliest", "-e", "--format", "json")
        let binary = try jsonLines(json).filter { $0["value"] is [String: Any] }
        #expect(!binary.isEmpty)
        for object in binary {
            let encoded = try #require((object["value"] as? [String: String])?["base64"])
            let bytes = try #require(Data(base64Encoded: encoded))
            #expect(bytes.first == 0x00)
        }
        let text = try evmon("tail", "orders", "--broker", pinnedDemo, "--from", "earliest", "-e", "--format", "%s\n")
        #expect(text.lines.contains { $0.hasPrefix(#"\x00\x00\x00\x04\x12"#) && $0.hasSuffix(#"\xff"#) })
        #expect(!text.standardOutput.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7f...0x9f).contains($0.value) })
    }

    @Test func severalTopicsAtOnce() throws {
        let outcome = try evmon("tail", "orders", "inventory", "--broker", pinnedDemo, "--from", "earliest", "--count", "200", "--format", "%t\\n")
        #expect(Set(outcome.lines) == ["orders", "inventory"])
    }

    @Test func aClosedPipeEndsTailQuietly() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -o pipefail; '\(EvmonProcess.binaryPath)' tail orders --broker demo:// --from earliest --format json | head -n 1 >/dev/null"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(errors.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }
}
