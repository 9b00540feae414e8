import EvmonPresentation
import EvmonTestSupport
import Testing
import EvmonModel

@Suite struct DetailDocumentTests {
    func text(_ line: StyledLine) -> String { line.map(\.text).joined() }

    @Test func jsonIsPrettyPrintedWithKindsForColour() throws {
        let lines = try #require(PrettyJSON.lines(for: Array(#"{"a":[1,true,null],"b":{"c":"x\"y"},"e":{}}"#.utf8)))
        #expect(lines.map(text) == ["{", #"  "a": ["#, "    1,", "    true,", "    null", "  ],", #"  "b": {"#, #"    "c": "x\"y""#, "  },", #"  "e": {}"#, "}"])
        #expect(lines[1].first { $0.kind == .jsonKey }?.text == #""a""#)
        #expect(lines[2].contains { $0.kind == .jsonNumber })
        #expect(lines[3].contains { $0.kind == .jsonLiteral })
    }

    @Test func notJSONIsNil() {
        for bad in ["{", "{\"a\":}", "[1,]", "tru", "{\"a\":1} trailing", "\"unterminated", "{\"a\" 1}", "01x", "", "\"tab\there\""] {
            #expect(PrettyJSON.lines(for: Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func deepNestingAndHugeDocumentsStopInsteadOfGrowing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(PrettyJSON.lines(for: Array(deep.utf8)) == nil)
        let wide = "[" + (0..<20_000).map(String.init).joined(separator: ",") + "]"
        let lines = PrettyJSON.lines(for: Array(wide.utf8), maximumLines: 100)
        #expect(lines?.count == 101)
        #expect(lines?.last.map(text) == "… (truncated)")
    }

    @Test func binaryValuesAreHexDumpedAndBounded() {
        let value = [UInt8](repeating: 0xFF, count: 10 << 20)
        let document = DetailDocument(record: RecordFixtures.record(offset: 1, value: nil).with(value: value))
        let dump = document.lines.map(text)
        #expect(dump.contains { $0.hasPrefix("value (binary, 10.0 MB)") })
        #expect(dump.contains { $0.hasPrefix("0000  ff ff ff") })
        #expect(document.lines.count < 300)
        #expect(dump.last?.hasPrefix("… ") == true)
    }

    @Test func hugeTextIsCutAndSaysHowMuchIsLeft() {
        let value = Array(String(repeating: "line\n", count: 3_000_000).utf8)
        let document = DetailDocument(record: RecordFixtures.record(offset: 1).with(value: value))
        #expect(document.lines.count < 5_100)
        #expect(document.lines.last.map(text)?.contains("more not shown") == true)
    }

    @Test func springDeadLetterHeadersAreDecodedAndStackTracesFolded() {
        let record = RecordFixtures.record(offset: 9, headers: [
            Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, 2]),
            Header(name: "kafka_dlt-original-offset", value: [0, 0, 0, 0, 0, 0, 0x04, 0xD2]),
            Header("kafka_dlt-exception-stacktrace", "java.lang.IllegalStateException: boom\n\tat a.b(C.java:1)\n\tat d.e(F.java:2)"),
            Header(name: "bin", value: [0x00, 0x1B]),
            Header(name: "absent", value: nil),
        ])
        let lines = DetailDocument(record: record).lines.map(text)
        #expect(lines.contains("  kafka_dlt-original-partition  2  (binary)"))
        #expect(lines.contains("  kafka_dlt-original-offset  1234  (binary)"))
        #expect(lines.contains("  kafka_dlt-exception-stacktrace  java.lang.IllegalStateException: boom  (+2 lines folded; enter unfolds)"))
        #expect(lines.contains("  bin  00 1b"))
        #expect(lines.contains("  absent  null"))
        let unfolded = DetailDocument(record: record, unfoldsStackTraces: true).lines.map(text)
        #expect(unfolded.contains("  kafka_dlt-exception-stacktrace  java.lang.IllegalStateException: boom"))
        #expect(unfolded.contains("          at a.b(C.java:1)"))
        #expect(unfolded.contains("          at d.e(F.java:2)"))
    }

    @Test func anUnfoldedTraceIsStillBounded() {
        let trace = "boom\n" + String(repeating: "\tat x.y(Z.java:1)\n", count: 50_000)
        let record = RecordFixtures.record(offset: 1, headers: [Header("x-exception-stacktrace", trace)])
        let lines = DetailDocument(record: record, unfoldsStackTraces: true).lines.map(text)
        #expect(lines.count < DetailDocument.maximumTraceLines + 20)
        #expect(lines.contains { $0.contains("48001 more lines") })
    }
}

extension Record {
    func with(value: [UInt8]) -> Record {
        var copy = self
        copy.value = value
        return copy
    }
}
