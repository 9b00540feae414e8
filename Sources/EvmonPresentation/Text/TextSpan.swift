/// What a piece of model-produced text is, so the renderer can style it.
public enum SpanKind: UInt8, Sendable, Equatable {
    case text, label, dim, warn, error, ok
    case jsonKey, jsonString, jsonNumber, jsonLiteral, jsonPunctuation
    /// Bytes shown as hex or escapes rather than as text.
    case hex
}

/// A run of text of one kind. Payload text is kept as produced; the grid escapes controls.
public struct TextSpan: Sendable, Equatable {
    public var text: String
    public var kind: SpanKind

    public init(_ text: String, _ kind: SpanKind = .text) {
        self.text = text
        self.kind = kind
    }
}

/// One line of spans.
public typealias StyledLine = [TextSpan]
