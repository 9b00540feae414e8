/// Subject rules: dot-separated tokens; in patterns `*` stands for one token and a final `>` for
/// one or more.
public enum NATSSubject {
    /// Non-empty, no empty token, no whitespace or control bytes.
    public static func isValid(_ subject: String) -> Bool {
        guard !subject.isEmpty else { return false }
        var previousWasDot = true
        for byte in subject.utf8 {
            if byte <= 0x20 || byte == 0x7f { return false }
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else {
                previousWasDot = false
            }
        }
        return !previousWasDot
    }

    /// Whether `subject` has no wildcard token.
    public static func isLiteral(_ subject: String) -> Bool {
        !subject.split(separator: ".", omittingEmptySubsequences: false).contains { $0 == "*" || $0 == ">" }
    }

    /// Whether the literal `subject` is one that `pattern` captures.
    public static func matches(pattern: String, subject: String) -> Bool {
        let patternTokens = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let subjectTokens = subject.split(separator: ".", omittingEmptySubsequences: false)
        for (index, token) in patternTokens.enumerated() {
            if token == ">" { return index == patternTokens.count - 1 && subjectTokens.count > index }
            guard index < subjectTokens.count else { return false }
            if token != "*", token != subjectTokens[index] { return false }
        }
        return patternTokens.count == subjectTokens.count
    }
}
