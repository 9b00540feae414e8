/// Why a `.proto` schema, a Protobuf value or the JSON for one cannot be read: one line for
/// people. Schema errors start with `file:line:column:`, data errors end with `at byte N`,
/// encoder errors start with the field's path (`.items[2].price:`).
public struct ProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
