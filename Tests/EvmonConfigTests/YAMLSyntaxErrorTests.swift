import EvmonConfig
import EvmonModel
import EvmonWatches
import Testing

/// YAML mistakes in user files are one line in plain words at `file:line:column`, never libyaml's
/// grammar text ("parser: while parsing a block collection in line 2, column 3").
@Suite struct YAMLSyntaxErrorTests {
    private func watchError(_ text: String) -> String {
        #expect(throws: EvmonError.self) { try WatchFile.parse(text, path: "w.yaml") }
        do {
            _ = try WatchFile.parse(text, path: "w.yaml")
            return ""
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("watches:\n  - name: a\n    topic: orders\n   require: x\n", "w.yaml:4:4: this line is not indented like the list items above it"),
        ("watches:\n\t- name: a\n", "w.yaml:2:1: tabs are not allowed for indentation; indent with spaces"),
        ("watches:\n  - name: a\n  \ttopic: orders\n", "w.yaml:3:3: tabs are not allowed for indentation; indent with spaces"),
        ("watches:\n  - name: \"a\n", "w.yaml:3:1: the file ends inside a quoted text: close the quote"),
        ("watches: [a, b\n", "w.yaml:2:1: a '[' list is not closed with ']' (or lacks a ',' between items)"),
        ("watches:\n  - name: a\n    topic: @x\n", "w.yaml:3:12: '@' cannot start a value: quote the text"),
        ("watches:\n  - name: a\n    topic: a: b\n", "w.yaml:3:13: a ':' here cannot start a value: quote text that contains ': ', or check the indentation"),
    ])
    func plainWordsAtTheMistake(text: String, expected: String) {
        let message = watchError(text)
        #expect(message == expected)
        #expect(!message.contains("while parsing") && !message.contains("scanner:") && !message.contains("\n"))
    }

    @Test func configFileSaysTheSame() {
        do {
            _ = try Configuration.parse("profiles:\n\tlocal:\n    broker: demo://\n", path: "config.yaml")
            Issue.record("a tab-indented config parsed")
        } catch {
            #expect(error.description == "config.yaml:2:1: tabs are not allowed for indentation; indent with spaces")
        }
    }

    /// jq's hint "(Unix shell quoting issues?)" is for shells; in a YAML file it misleads.
    @Test func badJQCarriesNoShellHint() throws {
        let file = try WatchFile.parse("watches:\n  - name: a\n    topic: orders\n    expect: '.a ==== 1'\n", path: "w.yaml")
        let error = #expect(throws: EvmonError.self) { try WatchEngine(watches: file.watches) }
        let message = error?.description ?? ""
        #expect(message.contains("expect '.a ==== 1' is not valid jq: syntax error, unexpected =="), "\(message)")
        #expect(!message.contains("shell quoting"))
        #expect(!message.contains("<top-level>"))
    }
}
