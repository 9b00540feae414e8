import EvmonTestSupport
import Foundation
import Testing

/// The decoded view in the real binary, in tmux: `evmon demo --avro`'s payments topic through
/// the demo's own registry. The stream's value column and the detail pane show the decoded JSON,
/// with the schema named; a filter reads the decoded fields.
@Suite(.timeLimit(.minutes(2))) struct SchemaEndToEndTests {
    @Test func theStreamAndTheDetailShowTheDecodedPaymentAndFiltersReadIt() async throws {
        let session = try TmuxSession(
            [EvmonProcess.binaryPath, "ui", "payments", "--broker", "demo://?seed=7&start=1764115200000&avro=true"], width: 160, height: 48,
            environment: ["NO_COLOR": "1", "TZ": "UTC"])
        defer { session.kill() }
        // Waiting polls tmux with blocking sleeps: off the cooperative threads.
        let (stream, detail, filtered) = try await onOwnThread { () throws -> (String, String, String) in
            try session.waitFor(text: "● connected", timeout: 20)
            let stream = try session.waitFor("decoded rows", timeout: 20) { $0.contains(#"{"payment_id":"pay-"#) }
            try session.sendKeys("Enter")
            let detail = try session.waitFor("the detail pane", timeout: 20) { $0.contains("value (AVRO, decoded)") }
            // A jq filter on a decoded field: only GBP payments remain (zoomed, so rows show it).
            try session.sendKeys("2", "/")
            try session.sendText(#"jq:.currency == "GBP""#)
            try session.sendKeys("Enter", "z")
            let filtered = try session.waitFor("the filtered, zoomed stream", timeout: 20) { screen in
                screen.contains("jq:.currency") && screen.contains(#""currency":"GBP""#)
            }
            return (stream, detail, filtered)
        }
        #expect(!stream.contains(#"\x00\x00\x00\x00\x01"#), "the value column shows the decoded JSON, not the frame")
        #expect(detail.contains("schema     AVRO id 1 payments-value v1"))
        #expect(detail.contains(#""currency": "#))
        let rows = filtered.split(separator: "\n").filter { $0.contains(#"{"payment_id""#) }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.contains(#""currency":"GBP""#) }, "\(filtered)")
    }
}
