import JQ
import EvmonModel
import EvmonJSON

/// `schema: cloudevents`: CloudEvents 1.0 in the Kafka protocol binding's two modes.
///
/// Structured mode (a JSON envelope; content type `application/cloudevents+json`, or no `ce_`
/// headers): `specversion` "1.0" and non-empty string `id`, `source`, `type`; optional
/// attributes, when present, are strings. Binary mode (`ce_` headers): the same four as headers.
final class CloudEventsEvaluator: WatchEvaluator {
    static let required = ["specversion", "id", "source", "type"]
    static let optionalStrings = ["datacontenttype", "dataschema", "subject", "time"]
    let needsJSON = false

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let record = message.record
        let contentType = record.firstHeader(named: "content-type").map { String(decoding: $0.value ?? [], as: UTF8.self) } ?? ""
        let binary = !contentType.hasPrefix("application/cloudevents") && record.headers.contains { $0.name.hasPrefix("ce_") }
        let problems = binary ? binaryProblems(record) : structuredProblems(message)
        guard !problems.isEmpty else { return }
        let mode = binary ? "binary mode" : "structured mode"
        result.fail(Violation(record: record, why: "not a CloudEvent (\(mode)): " + problems.joined(separator: "; "), category: mode))
    }

    private func binaryProblems(_ record: Record) -> [String] {
        Self.required.compactMap { name in
            guard let value = record.firstHeader(named: "ce_" + name)?.value, !value.isEmpty else { return "no ce_\(name) header" }
            if name == "specversion", value != Array("1.0".utf8) {
                return "ce_specversion is \(TerminalText.escaped(value)), expected 1.0"
            }
            return nil
        }
    }

    private func structuredProblems(_ message: WatchMessage) -> [String] {
        let envelope: JSONValue
        switch message.json {
        case .failure(let error): return ["value is not JSON (\(error))"]
        case .success(let value): envelope = value
        }
        guard case .object = envelope else { return ["the value is \(envelope.kindName == "array" ? "an" : "a") \(envelope.kindName), not an object"] }
        var problems: [String] = []
        for name in Self.required {
            switch envelope[member: name] {
            case .string(let text) where !text.isEmpty:
                if name == "specversion", text != "1.0" { problems.append("specversion is \"\(text)\", expected \"1.0\"") }
            case nil, .null?: problems.append("\(name) is missing")
            case let other?: problems.append("\(name) is \(other.compactText()), expected a non-empty string")
            }
        }
        for name in Self.optionalStrings {
            switch envelope[member: name] {
            case nil, .null?, .string?: continue
            case let other?: problems.append("\(name) is \(other.compactText()), expected a string")
            }
        }
        return problems
    }
}
