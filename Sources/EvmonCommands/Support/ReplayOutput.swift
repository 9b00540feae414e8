import ArgumentParser
import EvmonPresentation
import EvmonModel
import EvmonJSON
import EvmonDeadLetters
import EvmonApp

/// What `dlq replay` prints: the plan (exactly what is sent) and the outcome.
enum ReplayOutput {
    /// `--format` of `dlq replay`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// The plan: JSON `{"dryRun","from","topic","partition","route","key","headers","value","edited","warnings"}`,
    /// or aligned text with every payload byte escaped for the terminal.
    static func appendPlan(_ plan: ReplayPlan, json: Bool, dryRun: Bool, to output: inout [UInt8]) {
        let message = plan.message
        if json {
            output.append(contentsOf: #"{"dryRun":"#.utf8)
            output.append(contentsOf: (dryRun ? "true" : "false").utf8)
            output.append(contentsOf: #","from":"#.utf8)
            JSONOutput.appendString(plan.source.description, to: &output)
            output.append(contentsOf: #","topic":"#.utf8)
            JSONOutput.appendString(message.topic, to: &output)
            output.append(contentsOf: #","partition":"#.utf8)
            output.append(optionalDecimal: plan.route.partition.map(Int64.init))
            output.append(contentsOf: #","route":"#.utf8)
            JSONOutput.appendString(plan.route.name, to: &output)
            output.append(contentsOf: #","key":"#.utf8)
            JSONOutput.appendBytes(message.key, to: &output)
            output.append(contentsOf: #","headers":"#.utf8)
            RecordJSON.appendHeaders(message.headers, to: &output)
            output.append(contentsOf: #","value":"#.utf8)
            JSONOutput.appendBytes(message.value, to: &output)
            if let decoded = plan.decoded { RecordJSON.appendDecoded(decoded, prefix: "", to: &output) }
            output.append(contentsOf: #","edited":"#.utf8)
            output.append(contentsOf: (plan.edited ? "true" : "false").utf8)
            output.append(contentsOf: #","warnings":["#.utf8)
            for (index, warning) in plan.warnings.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONOutput.appendString(warning, to: &output)
            }
            output.append(contentsOf: "]}\n".utf8)
            return
        }
        func line(_ label: String, _ parts: [UInt8]...) {
            output.append(utf8: label.padded(to: 9))
            for part in parts { output.append(contentsOf: part) }
            output.append(0x0A)
        }
        func escaped(_ bytes: [UInt8]?) -> [UInt8] {
            guard let bytes else { return Array("null".utf8) }
            var text: [UInt8] = []
            TerminalText.append(bytes, to: &text)
            return text
        }
        if dryRun { line("dry run", Array("nothing sent; this is exactly what would be sent:".utf8)) }
        line("from", Array(plan.source.description.utf8))
        line("to", Array("\(plan.targetDescription)  (\(plan.route.explanation))".utf8))
        line("key", escaped(message.key))
        for header in message.headers { line("header", escaped(Array(header.name.utf8)), Array(": ".utf8), escaped(header.value)) }
        let size = message.value.map { ByteCount.describe($0.count) } ?? "null"
        line("value", escaped(message.value), Array("  (\(size)\(plan.edited ? ", edited" : ""))".utf8))
        if let decoded = plan.decoded, let json = decoded.json {
            line("decoded", escaped(json), Array("  (\(decoded.schema.summary))".utf8))
        }
        for warning in plan.warnings { line("warning", escaped(Array(warning.utf8))) }
    }

    /// After sending: `replayed orders-dlt/0/17 to orders/1@5120`, or the JSON
    /// `{"from","outcome","topic","partition","offset"}`.
    static func appendOutcome(_ plan: ReplayPlan, _ outcome: ReplayOutcome, json: Bool, to output: inout [UInt8]) {
        guard case .replayed(let position) = outcome else { return }
        if json {
            output.append(contentsOf: #"{"from":"#.utf8)
            JSONOutput.appendString(plan.source.description, to: &output)
            output.append(contentsOf: #","outcome":"replayed","topic":"#.utf8)
            JSONOutput.appendString(position.topicPartition.topic, to: &output)
            output.append(contentsOf: #","partition":"#.utf8)
            output.append(decimal: Int64(position.topicPartition.partition))
            output.append(contentsOf: #","offset":"#.utf8)
            RecordJSON.appendOffset(position.offset, to: &output)
            output.append(contentsOf: "}\n".utf8)
        } else {
            output.append(utf8: "replayed \(plan.source) to \(position.topicPartition.topic)/\(position.topicPartition.partition)@\(position.offset)\n")
        }
    }
}
