import JQ
import Testing
@testable import EvmonJSON
@testable import EvmonWatches

@Suite struct WatchPredicateTests {
    private static let documents = [
        #"{"a":"x","b":{"c":1}}"#, #"{"a":1}"#, #"{"a":1.0,"b":null}"#, #"{"b":{"c":"1"}}"#, #"{"a":null}"#,
        #"{"a":true}"#, #"{"a":["x"]}"#, #"{"b":"text"}"#, #"[1,2]"#, #""just a string""#, "{}",
        #"{"a":false}"#, #"{"a":2}"#, #"{"a":-1.5}"#, #"{"a":0}"#, #"{"a":"w"}"#, #"{"a":"xy"}"#, #"{"a":"é"}"#, #"{"a":{}}"#,
        #"{"b":{"c":2.5}}"#, #"{"a":""}"#,
    ]

    /// Plain comparisons run natively; they must agree with jq on every kind of input.
    @Test(arguments: [
        #".a == "x""#, #".a != "x""#, ".a == 1", ".a != 1", ".a == null", ".a == true", ".b.c == 1", #".b.c == "1""#,
        ".b.c != null", ". == {}",
        ".a > 0", ".a >= 1", ".a < 1", ".a <= 1", ".a > -2", #".a > "x""#, #".a < "x""#, #".a >= "w""#, #".a <= """#,
        ".a > null", ".a < null", ".a > false", ".a < true", ".a >= true", ".b.c > 2", ".b.c <= 2.5", ".a > 1e3",
    ])
    func nativeComparisonsAgreeWithJQ(_ expression: String) throws {
        let native = try WatchPredicate(compiling: expression)
        guard case .native = native else {
            if expression != ". == {}" { Issue.record("\(expression) should run natively") }
            return
        }
        let program = try JQProgram(compiling: expression)
        for document in Self.documents {
            let json = try JSONParser.parse(Array(document.utf8))
            let message = WatchMessage(record: message(offset: 0, document), sequence: 1)
            JQThread.shared.perform { context in
                let nativeVerdict = native.judge(message, json: json, context: context)
                let jqOutcome = program.evaluate(message.jq(json, in: context), in: context)
                switch (nativeVerdict, jqOutcome) {
                case (.yes, .output(true, _)), (.no, .output(false, _)), (.error, .error): break
                default: Issue.record("\(expression) on \(document): native \(nativeVerdict), jq \(jqOutcome)")
                }
                message.releaseJQ(in: context)
            }
        }
    }

    @Test func anythingElseGoesToJQ() throws {
        for expression in [#".a == "x" and .b == 1"#, ".a[0] == 1", ".a | length > 0", #".a == "x==y""#, ".a >= [1]", ".a < .b"] {
            guard case .jq = try WatchPredicate(compiling: expression) else {
                Issue.record("\(expression) should go to jq")
                continue
            }
        }
    }
}
