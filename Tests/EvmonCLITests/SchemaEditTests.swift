import EvmonTestSupport
import Foundation
import Testing

/// `dlq replay --edit` of a value a schema decoded (the demo's Avro payments, re-produced with
/// `--to`): the editor gets the decoded JSON, and what it saves is encoded back with the same
/// schema id; an edit that breaks the schema is refused with the field's path, nothing sent.
@Suite struct SchemaEditTests {
    static let replay = [
        "dlq", "replay", "payments", "--partition", "0", "--offset", "5", "--to", "payments", "--dry-run",
        "--broker", "demo://?seed=7&start=1764115200000&avro=true",
    ]

    /// An editor that runs `sed EXPRESSION` on the file, and what evmon then prints.
    static func edited(with expression: String) async throws -> (exitCode: Int32?, screen: String) {
        let editor = "sed -i '\(expression)'"
        let session = try TmuxSession([EvmonProcess.binaryPath] + replay + ["--edit"], width: 400, height: 40, environment: ["EDITOR": editor, "VISUAL": ""])
        defer { session.kill() }
        // Waiting polls tmux with blocking sleeps: off the cooperative threads.
        return try await onOwnThread { (session.waitForExit(timeout: 30), try session.capture()) }
    }

    @Test func theDecodedJSONIsEditedAndEncodedBackWithItsSchema() async throws {
        let (code, screen) = try await Self.edited(with: "s/mastercard/visa/")
        #expect(code == 0, "\(screen)")
        let decoded = try #require(screen.split(separator: "\n").first { $0.hasPrefix("decoded") }, "\(screen)")
        #expect(decoded.contains(#""card":{"brand":"visa","last4":"4218"}"#))
        #expect(decoded.hasSuffix("(AVRO id 1 payments-value v1)"))
        let value = try #require(screen.split(separator: "\n").first { $0.hasPrefix("value") })
        // The frame (magic byte, id 1) kept; the Avro string shorter by six bytes.
        #expect(value.contains(#"value    \x00\x00\x00\x00\x01"#) && value.contains(#"\x08visa"#) && value.hasSuffix("(55 B, edited)"), "\(value)")
    }

    @Test func anEditThatBreaksTheSchemaIsRefusedWithThePath() async throws {
        // Run through sh, so that the error and the exit code outlive the refused process.
        let log = try TemporaryFile(contents: "")
        let command = ([EvmonProcess.binaryPath] + Self.replay + ["--edit"]).map { "'\($0)'" }.joined(separator: " ")
        let session = try TmuxSession(
            ["sh", "-c", "\(command) 2>>'\(log.path)'; echo \"exit $?\" >>'\(log.path)'"], width: 400, height: 40,
            environment: ["EDITOR": #"sed -i 's/"currency": "USD"/"currency": "XYZ"/'"#, "VISUAL": ""])
        defer { session.kill() }
        _ = try await onOwnThread { session.waitForExit(timeout: 30) }
        let output = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(output.contains("write refused: the edited value does not fit AVRO id 1 payments-value v1: .currency: \"XYZ\" is not a symbol"), "\(output)")
        #expect(output.contains("nothing sent"))
        #expect(output.hasSuffix("exit 2\n"))
    }
}
