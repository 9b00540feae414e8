import JQ
import EvmonModel

/// What the stream pane shows: records whose key, value or headers match.
///
/// `/text` matches a substring, case-insensitively unless the text has a capital (vim's smart
/// case); `/re:pattern` is a regular expression; `/jq:EXPR` keeps JSON values for which the jq
/// expression is truthy. Text matching is on the raw bytes of key, value and header values,
/// decoded leniently, so filters also find text in otherwise binary payloads.
public struct StreamFilter: @unchecked Sendable, Equatable {
    // @unchecked: Regex is immutable once compiled and only read; JQProgram runs on the jq thread.
    public enum Kind: Sendable, Equatable { case substring, regex, jq }

    /// The text as typed after `/`.
    public let source: String
    public let kind: Kind
    private let needle: [UInt8]
    private let ignoresCase: Bool
    private let regex: Regex<AnyRegexOutput>?
    private let program: JQProgram?

    /// Parses what was typed after `/`; an invalid regular expression or jq program is a usage error.
    public init(parsing source: String) throws(EvmonError) {
        self.source = source
        if source.hasPrefix("jq:") {
            kind = .jq
            needle = []
            ignoresCase = false
            regex = nil
            do {
                program = try JQProgram(compiling: String(source.dropFirst(3)))
            } catch {
                throw .usage("filter \(source): \(error.message)")
            }
        } else if source.hasPrefix("re:") {
            kind = .regex
            needle = []
            ignoresCase = false
            program = nil
            do {
                regex = try Regex(String(source.dropFirst(3)))
            } catch {
                throw .usage("filter \(source): not a regular expression (\(error))")
            }
        } else {
            kind = .substring
            ignoresCase = !source.contains { $0.isUppercase }
            needle = Array((ignoresCase ? source.lowercased() : source).utf8)
            regex = nil
            program = nil
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
                guard let bytes = record.value, let input = JQValue.parse(bytes, in: context) else { return false }
                defer { input.release(in: context) }
                if case .output(truthy: true, _) = program.evaluate(input, in: context) { return true }
                return false
            }
        }
    }

    /// True when the record should be shown.
    public func matches(_ record: Record) -> Bool {
        if kind == .jq { return matches([record])[0] }
        if matches(record.value) || matches(record.key) { return true }
        return record.headers.contains { matches($0.value) || matches(Array($0.name.utf8)) }
    }

    private func matches(_ bytes: [UInt8]?) -> Bool {
        guard let bytes else { return false }
        switch kind {
        case .substring:
            return bytes.withUnsafeBufferPointer { containsNeedle($0) }
        case .regex:
            guard let regex else { return false }
            return String(decoding: bytes, as: UTF8.self).contains(regex)
        case .jq:
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
