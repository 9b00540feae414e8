import Testing
import EvmonWatches

@Suite struct WatchReportTests {
    private func failed() throws -> WatchResult {
        let watches = try engine(WatchDefinition(name: "fields <&>", topics: ["orders"], kind: .require(["a"])))
        watches.ingest([message(offset: 3, key: "k\u{1b}", "{\"b\":\"\u{7}\"}".replacingOccurrences(of: "\u{7}", with: "\\u0007")), message(offset: 4, "x\u{1}y")])
        return only(watches)
    }

    @Test func jsonLineFollowsCLIMD() throws {
        var output: [UInt8] = []
        WatchResultJSON.appendLine(try failed(), to: &output)
        #expect(String(decoding: output, as: UTF8.self) ==
            #"{"name":"fields <&>","kind":"require","status":"fail","evaluated":2,"failures":2,"firstFailure":{"topic":"orders","partition":0,"offset":3,"key":"k\u001b","why":".a is missing"}}"# + "\n")
    }

    @Test func junitEscapesMarkupAndControlBytes() throws {
        let xml = JUnitReport.document([JUnitReport.Suite(name: "w.yaml", results: [try failed()])], pendingFails: false)
        #expect(xml.contains(#"<testsuite name="w.yaml" tests="1" failures="1" errors="0" skipped="0" time="0.000">"#))
        #expect(xml.contains(#"<testcase name="fields &lt;&amp;&gt;" classname="w" time="0.000">"#))
        #expect(xml.contains(#"<failure message=".a is missing" type="require">"#))
        #expect(xml.contains("key: k\\x1b"))
        #expect(xml.contains("value: x\\x01y"))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func pendingIsSkippedOrFailedAsAsked() throws {
        let watches = try engine(WatchDefinition(name: "quiet", topics: ["orders"], kind: .require(["a"])))
        watches.finish()
        let suite = JUnitReport.Suite(name: "w.yaml", results: watches.results)
        #expect(JUnitReport.document([suite], pendingFails: false).contains(#"<skipped message="pending: no message was judged"/>"#))
        #expect(JUnitReport.document([suite], pendingFails: true).contains(#"<failure message="pending: no message was judged" type="pending">"#))
    }

    @Test func revisionMovesWhenResultsMayHaveChanged() throws {
        let watches = try engine(WatchDefinition(name: "x", topics: ["orders"], kind: .empty))
        let before = watches.revision
        watches.ingest([message("elsewhere", offset: 0, "{}")])
        #expect(watches.revision == before)
        watches.ingest([message(offset: 0, "{}")])
        #expect(watches.revision > before)
    }
}
