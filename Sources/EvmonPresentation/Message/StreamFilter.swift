import JQ
import EvmonModel
import EvmonJSON

/// What the stream pane shows: records whose key, value or headers match.
///
/// `/text` matches a substring, case-insensitively unless the text has a capital (vim's smart
/// case); `/re:pattern` is a regular expression; `/jq:EXPR` keeps JSON values for which the jq
/// expression is truthy; `/!json` keeps values that are not JSON. Text matching is on the raw
/// bytes of key, value and header names and values, decoded leniently, so filters also find text
/// in otherwise binary payloads; a `value:`, `key:` or `header:NAME:` prefix narrows it to that
/// field (`FilterScope`).
public struct StreamFilter: @unchecked Sendable, Equatable {
    // @unchecked: Regex is immutable once compiled and only read; JQProgram runs on the jq thread.
    public enum Kind: Sendable, Equatable { case substring, regex, jq, notJSON }

    /// What `/!json` is typed as.
    public static let notJSONSource = "!json"

    /// The text as typed after `/`.
    public let source: String
    public let kind: Kind
    /// The field it looks at; jq and `!json` filters always judge the value.
    public let scope: FilterScope
    private var needle: [UInt8]
    private var ignoresCase: Bool
    private var regex: Regex<AnyRegexOutput>?
    private var program: JQProgram?

    /// Parses what was typed after `/`; an invalid regular expression or jq program is a usage error.
    public init(parsing source: String) throws(EvmonError) {
        self.source = source
        let (scope, filter) = FilterScope.split(source)
        needle = []
        ignoresCase = false
        regex = nil
        program = nil
        if filter.hasPrefix("jq:") {
            kind = .jq
            self.scope = .value
            do {
                program = try JQProgram(compiling: String(filter.dropFirst(3)))
            } catch {
                throw .usage("filter \(source): \(error.message)")
            }
        } else if filter == Self.notJSONSource {
            kind = .notJSON
            self.scope = .value
        } else if filter.hasPrefix("re:") {
            kind = .regex
            self.scope = scope
            do {
                regex = try Regex(String(filter.dropFirst(3)))
            } catch {
                throw .usage("filter \(source): not a regular expression (\(error))")
            }
        } else {
            kind = .substring
            self.scope = scope
            ignoresCase = !filter.contains { $0.isUppercase }
            needle = Array((ignoresCase ? filter.lowercased() : filter).utf8)
        }
    }

    public static func == (lhs: StreamFilter, rhs: StreamFilter) -> Bool {
        lhs.source == rhs.source
    }

    /// Which of `records` should be shown; jq filters judge the whole batch in one trip to the
    /// jq thread.
    public func matches(_ records: [Record]) -> [Bool] {
        guard kind == .jq, let program else { return records.map(matches) }
        return JQThread.shared.perform { context in
            records.map { record in
                guard let bytes = record.readableValue, let input = JQValue.parse(bytes, in: context) else { return false }
                defer { input.release(in: context) }
                if case .output(truthy: true, _) = program.evaluate(input, in: context) { return true }
                return false
            }
        }
    }

    /// True when the record should be shown.
    public func matches(_ record: Record) -> Bool {
        switch (kind, scope) {
        case (.jq, _): return matches([record])[0]
        case (.notJSON, _): return !(record.readableValue.map(JSONParser.isValid) ?? false)
        case (_, .value): return matches(record.readableValue)
        case (_, .key): return matches(record.key)
        case (_, .header(let name)):
            return record.headers.contains { Self.sameHeaderName($0.name, name) && matches($0.value) }
        case (_, .any):
            if matches(record.readableValue) || matches(record.key) { return true }
            return record.headers.contains { matches($0.value) || matches(Array($0.name.utf8)) }
        }
    }

    private func matches(_ bytes: [UInt8]?) -> Bool {
        guard let bytes else { return false }
        switch kind {
        case .substring:
            return bytes.withUnsafeBufferPointer { containsNeedle($0) }
        case .regex:
            guard let regex else { return false }
            return String(decoding: bytes, as: UTF8.self).contains(regex)
        case .jq, .notJSON:
            return false
        }
    }

    private func containsNeedle(_ haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        let first = needle[0]
        let last = haystack.count - needle.count
        var start = 0
        while start <= last {
            if fold(haystack[start]) == first {
                var index = 1
                while index < needle.count, fold(haystack[start + index]) == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    private func fold(_ byte: UInt8) -> UInt8 {
        ignoresCase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

extension StreamFilter {
    /// Case-insensitive equality of header names (`Content-Type` is `content-type`). It runs for
    /// every header of every record the stream re-filters, so ASCII names (nearly all) compare
    /// byte by byte without new strings; others are lowercased as Swift does.
    static func sameHeaderName(_ name: String, _ wanted: String) -> Bool {
        guard name.utf8.allSatisfy({ $0 < 0x80 }), wanted.utf8.allSatisfy({ $0 < 0x80 }) else {
            return name.lowercased() == wanted.lowercased()
        }
        return name.utf8.elementsEqual(wanted.utf8) { lower($0) == lower($1) }
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
