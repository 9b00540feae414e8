import EvmonTestSupport
import Foundation
import Testing

/// `file://` captures: tail's JSON lines reopened as a broker, read-only, followed as they grow.
struct CaptureTests {
    /// The pinned demo's history up to its start, as tail prints it: the live reading to compare with.
    static func liveHistory(_ topics: [String] = ["orders", "inventory", "orders-dlt"]) throws -> EvmonProcess.Outcome {
        try EvmonProcess.run(["tail"] + topics + ["--from", "earliest", "-e", "--until", "@1764115200000", "--format", "json", "--broker", pinnedDemo], timeout: 60)
    }

    @Test func aCaptureReadsBackAsTheLiveTailPrintedItMergedByTime() throws {
        let live = try Self.liveHistory()
        #expect(live.exitCode == 0, "stderr: \(live.standardError)")
        let capture = try TemporaryFile(contents: live.standardOutput)
        let reread = try EvmonProcess.run(
            ["tail", "orders", "inventory", "orders-dlt", "--from", "earliest", "-e", "--format", "json", "--broker", "file://" + capture.path], timeout: 60)
        #expect(reread.exitCode == 0, "stderr: \(reread.standardError)")
        #expect(reread.standardError.isEmpty)
        #expect(reread.standardOutput == live.standardOutput)
        // Topics, partitions and counts as recorded; the dead letters as on the live broker.
        let topics = try evmon("topics", "--broker", "file://" + capture.path)
        #expect(topics.lines.contains { $0.hasPrefix("orders-dlt") && $0.hasSuffix(" 55") }, "\(topics.standardOutput)")
        let liveDead = try evmon("dlq", "list", "orders-dlt", "--format", "json", "--broker", pinnedDemo)
        let captured = try evmon("dlq", "list", "orders-dlt", "--format", "json", "--broker", "file://" + capture.path)
        #expect(captured.exitCode == 0)
        #expect(captured.lines.count == 55)
        #expect(Set(captured.lines).isSubset(of: Set(liveDead.lines)))
    }

    @Test func aSparsePartitionIsReadLineByLineNotAcrossTheFile() throws {
        // Partition 0's two messages lie 6 MB apart, with partition 1's between them: more than
        // one read may span, so they are read apart (same result, bounded memory).
        let padding = String(repeating: "x", count: 1_000)
        var lines = [#"{"topic":"t","partition":0,"offset":0,"timestamp":1,"key":"a","headers":[],"value":"first"}"#]
        for index in 0..<6_000 { lines.append(#"{"topic":"t","partition":1,"offset":\#(index),"timestamp":2,"key":null,"headers":[],"value":"\#(padding)"}"#) }
        lines.append(#"{"topic":"t","partition":0,"offset":1,"timestamp":3,"key":"b","headers":[],"value":"last"}"#)
        let capture = try TemporaryFile(contents: lines.joined(separator: "\n") + "\n")
        let read = try evmon("tail", "t", "--partition", "0", "--from", "earliest", "-e", "--format", "%o %s\\n", "--broker", "file://" + capture.path)
        #expect(read.exitCode == 0, "\(read.standardError)")
        #expect(read.lines == ["0 first", "1 last"])
    }

    @Test func aLineTheTailCouldNotDecodeIsNotIndexed() throws {
        // Raw bytes that are not UTF-8 in a string: the index must refuse the line as decoding
        // would, or the tail reaching it would fail as if the file had changed.
        var data = Data(#"{"topic":"t","partition":0,"offset":0,"timestamp":1,"key":"a","headers":[],"value":"ok"}"#.utf8 + [0x0A])
        data.append(Data(#"{"topic":"t","partition":0,"offset":1,"timestamp":2,"key":"b","headers":[],"value":""#.utf8))
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(Data((#""}"# + "\n").utf8))
        let capture = try TemporaryFile(data: data)
        let read = try evmon("tail", "t", "--from", "earliest", "-e", "--format", "%o %s\\n", "--broker", "file://" + capture.path)
        #expect(read.exitCode == 0, "\(read.standardError)")
        #expect(read.lines == ["0 ok"])
        #expect(read.standardError.contains("1 line is not a message and was skipped (line 2:"))
    }

    @Test func brokenLinesAreCountedAndSkippedNeverFatal() throws {
        let live = try Self.liveHistory(["orders-dlt"])
        var lines = live.lines
        lines.insert("this is not JSON", at: 3)
        lines.insert(#"{"partition":0,"value":"no topic"}"#, at: 10)
        lines.append(#"{"topic":"orders-dlt","partition":"#)  // a last line cut off mid-write
        let capture = try TemporaryFile(contents: lines.joined(separator: "\n"))
        let reread = try evmon("tail", "orders-dlt", "--from", "earliest", "-e", "--format", "json", "--broker", "file://" + capture.path)
        #expect(reread.exitCode == 0)
        #expect(reread.lines.count == live.lines.count)
        #expect(reread.standardError == "evmon: warning: file://\(capture.path): 2 lines are not messages and were skipped (line 4: not a JSON object)\n")
    }

    @Test func aCaptureIsReadOnlyUnlessWritesGoToALiveBroker() throws {
        let capture = try TemporaryFile(contents: try Self.liveHistory(["orders-dlt"]).standardOutput)
        let url = "file://" + capture.path
        expectOneLineError(try evmon("dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes", "--broker", url), code: 2,
                           mentioning: "is a capture, read-only by nature; --to-broker URL")
        let replayed = try evmon("dlq", "replay", "orders-dlt", "--partition", "0", "--offset", "0", "--yes", "--format", "json", "--broker", url, "--to-broker", "demo://?seed=3")
        #expect(replayed.exitCode == 0, "stderr: \(replayed.standardError)")
        #expect(replayed.standardOutput.contains("\"replayed\""))
        expectOneLineError(try evmon("lag", "--broker", url), code: 2, mentioning: "is a capture: it holds messages, not consumer groups")
        expectOneLineError(try evmon("topics", "--broker", "file:///nonexistent/capture.jsonl"), code: 2, mentioning: "No such file")
    }

    @Test func aGrowingCaptureIsFollowedLikeTailF() throws {
        let capture = try TemporaryFile(contents: #"{"topic":"t","partition":0,"offset":0,"timestamp":1,"key":"a","headers":[],"value":"first"}"# + "\n")
        let following = try EvmonProcess.start(["tail", "t", "--from", "earliest", "--format", "%o %s\\n", "--broker", "file://" + capture.path])
        try following.waitUntil("the first line", timeout: 30) { output, _ in output.contains("0 first") }
        let handle = try #require(FileHandle(forWritingAtPath: capture.path))
        handle.seekToEndOfFile()
        // Written in two pieces: a line is taken only once its newline arrives.
        handle.write(Data(#"{"topic":"t","partition":0,"offset":1,"timestamp":2,"key":"b","headers":[],"#.utf8))
        // Longer than the capture's 200 ms poll: the half line is seen, held, and read again whole.
        Thread.sleep(forTimeInterval: 1)
        handle.write(Data((#""value":"second"}"# + "\n").utf8))
        try handle.close()
        try following.waitUntil("the appended line", timeout: 30) { output, _ in output.contains("1 second") }
        let outcome = try following.wait(timeout: 0.1)
        #expect(outcome.standardOutput == "0 first\n1 second\n")
    }
}
