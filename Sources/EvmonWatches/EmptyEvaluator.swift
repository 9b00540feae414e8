import JQ
import EvmonModel
import EvmonJSON

/// `empty: true`: the topic receives nothing; every message is a failure.
final class EmptyEvaluator: WatchEvaluator {
    let needsJSON = false

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let record = message.record
        var why = "\(record.topic) should stay empty; got a message"
        // A dead letter says why it died; that is the most useful line to show.
        if let reason = record.firstHeader(named: "kafka_dlt-exception-message")?.value
            ?? record.firstHeader(named: "__connect.errors.exception.message")?.value {
            why += ": " + Self.shortened(TerminalText.escaped(reason))
        } else if let value = record.value {
            why += " (" + Self.shortened(TerminalText.escaped(Array(value.prefix(200)))) + ")"
        }
        result.fail(Violation(record: record, why: why))
    }

    func isPending(_ result: WatchResult) -> Bool { false }

    static func shortened(_ text: String, limit: Int = 160) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
