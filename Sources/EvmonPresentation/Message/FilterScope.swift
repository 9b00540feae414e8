/// Which part of a message a filter looks at: `/value:…`, `/key:…`, `/header:NAME:…`, or, with
/// no prefix, all of them (key, value, header names and values).
///
/// `/re:^[^{]` meant for values keeps every row when it matches keys too: naming the field
/// says what is matched, and the prompt and the stream's title show it.
public enum FilterScope: Sendable, Equatable {
    case any, value, key
    /// The values of the headers called this (names compare case-insensitively).
    case header(String)

    /// The scope a filter names, and the filter after it (`value:re:^x` → `.value`, `re:^x`).
    public static func split(_ source: String) -> (scope: FilterScope, filter: String) {
        if source.hasPrefix("value:") { return (.value, String(source.dropFirst(6))) }
        if source.hasPrefix("key:") { return (.key, String(source.dropFirst(4))) }
        if source.hasPrefix("header:") {
            let rest = source.dropFirst(7)
            guard let colon = rest.firstIndex(of: ":") else { return (.header(String(rest)), "") }
            return (.header(String(rest[..<colon])), String(rest[rest.index(after: colon)...]))
        }
        return (.any, source)
    }

    /// How the prompt and the title say what is matched.
    public var label: String {
        switch self {
        case .any: "key, value and headers"
        case .value: "value"
        case .key: "key"
        case .header(let name): "header \(name)"
        }
    }
}
