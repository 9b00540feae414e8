import EvmonModel

/// How `tail` prints records: `json`, `text`, or a kcat format string.
public enum RecordFormat: Sendable, Equatable {
    case json
    case text
    case kcat(KcatFormat)
    /// kcat's `-J` JSON envelope (`KcatEnvelope`).
    case kcatEnvelope

    /// `json`, `text`, or anything else as a kcat `-f` format.
    public init(parsing text: String) throws(EvmonError) {
        switch text {
        case "json": self = .json
        case "text": self = .text
        default:
            guard text.contains("%") else {
                throw .usage("--format \(text): expected json, text, or a format string with %t %p %o %k %s …")
            }
            self = .kcat(try KcatFormat(parsing: text))
        }
    }

    /// Appends one record in this format.
    public func append(_ record: Record, to output: inout [UInt8]) {
        switch self {
        case .json: RecordJSON.appendLine(record, to: &output)
        case .text: RecordText.appendLine(record, to: &output)
        case .kcat(let format): format.append(record, to: &output)
        case .kcatEnvelope: KcatEnvelope.appendLine(record, to: &output)
        }
    }
}
