import Foundation

/// A jq expression that does not compile; `message` is jq's own words, less its shell hints.
public struct JQError: Error, Sendable, Equatable, CustomStringConvertible {
    public let expression: String
    public let message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { message }
}

extension JQError {
    /// jq's compile message without what is written for a shell: its "(Unix shell quoting
    /// issues?)" hint, wrong in a YAML file or a filter prompt, and the "at <top-level>, line 1:"
    /// location followed by the expression again, which every caller already shows.
    static func plainWords(_ message: String, expression: String) -> String {
        var text = message.replacingOccurrences(of: " (Unix shell quoting issues?)", with: "")
        for location in [" at <top-level>, line 1: " + expression, " at <top-level>, line 1:"] where text.hasSuffix(location) {
            text = String(text.dropLast(location.count))
        }
        // Several messages are joined by "; " and each may carry the location.
        text = text.replacingOccurrences(of: " at <top-level>, line 1: " + expression + ";", with: ";")
        return text.trimmingCharacters(in: .whitespaces)
    }
}
