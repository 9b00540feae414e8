/// A jq expression that does not compile; `message` is jq's own words.
public struct JQError: Error, Sendable, Equatable, CustomStringConvertible {
    public let expression: String
    public let message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { message }
}
