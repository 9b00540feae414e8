import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import EvmonWatches

/// JUnit as CI dashboards read it: `time` in seconds on the testsuites, each testsuite and each
/// testcase, and the watch file's name (not its path) as the testcases' class name.
@Suite struct JUnitTimeTests {
    @Test func timesAndClassNames() throws {
        let watches = try engine(WatchDefinition(name: "fields", topics: ["orders"], kind: .require(["a"])))
        watches.ingest([message(offset: 0, #"{"a":1}"#)])
        let suite = JUnitReport.Suite(
            name: "ci/watches/orders.yaml", results: watches.results, time: .milliseconds(2_345), caseTimes: [.microseconds(1_500)])
        let xml = JUnitReport.document([suite], pendingFails: false)
        #expect(xml.contains(#"<testsuites name="evmon check" tests="1" failures="0" skipped="0" time="2.345">"#))
        #expect(xml.contains(#"<testsuite name="ci/watches/orders.yaml" tests="1" failures="0" errors="0" skipped="0" time="2.345">"#))
        #expect(xml.contains(#"<testcase name="fields" classname="orders" time="0.001"></testcase>"#))
        let document = try XMLDocument(xmlString: xml)
        let testcase = try #require(try document.nodes(forXPath: "//testcase").first as? XMLElement)
        #expect(Double(testcase.attribute(forName: "time")?.stringValue ?? "") == 0.001)
    }

    @Test(arguments: [("orders.yaml", "orders"), ("a/b/rules.yml", "rules"), ("plain", "plain"), (".yaml", ".yaml")])
    func classNameIsTheFilesName(path: String, expected: String) {
        #expect(JUnitReport.Suite(name: path, results: []).className == expected)
    }

    /// The engine counts the time each watch spends judging, file order, and never less than zero.
    @Test func engineMeasuresEachWatch() throws {
        let watches = try WatchEngine(watches: [
            WatchDefinition(name: "a", topics: ["orders"], kind: .require(["a"])),
            WatchDefinition(name: "b", topics: ["elsewhere"], kind: .empty),
        ])
        watches.ingest((0..<200).map { message(offset: Int64($0), #"{"a":1}"#) })
        watches.finish()
        #expect(watches.judgingTimes.count == 2)
        #expect(watches.judgingTimes[0] > .zero, "the watch on orders judged 200 messages")
        #expect(watches.judgingTimes.allSatisfy { $0 >= .zero })
        #expect(watches.results[0].evaluated == 200)
    }
}
