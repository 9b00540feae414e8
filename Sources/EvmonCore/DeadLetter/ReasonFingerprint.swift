/// Groups failures that differ only in their particulars: `SKU-1030 has no stock in WH-1` and
/// `SKU-1008 has no stock in WH-2` are one reason, `SKU-# has no stock in WH-#`.
///
/// As error trackers fingerprint messages: numbers become `#`, ids (long hex runs, UUIDs) and
/// quoted values become `…`. Class names and words stay, so different failures stay apart.
public enum ReasonFingerprint {
    /// The grouping key and title of a reason text.
    public static func of(_ text: String) -> String {
        var output = ""
        var token = ""
        var quote: Character?
        func flushToken() {
            guard !token.isEmpty else { return }
            output += masked(token)
            token = ""
        }
        for character in text {
            if let open = quote {
                if character == open {
                    output.append("…")
                    output.append(character)
                    quote = nil
                }
                continue
            }
            if character == "'" || character == "\"" {
                flushToken()
                output.append(character)
                quote = character
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                token.append(character)
            } else {
                flushToken()
                output.append(character)
            }
        }
        flushToken()
        // An unclosed quote: what followed it was a value too.
        if quote != nil { output.append("…") }
        return output
    }

    private static func masked(_ token: String) -> String {
        guard token.contains(where: \.isNumber) else { return token }
        let isIdentifier = token.count >= 8 && token.allSatisfy { $0.isHexDigit || $0 == "-" }
        if isIdentifier { return "…" }
        var output = ""
        var inNumber = false
        for character in token {
            if character.isNumber {
                if !inNumber { output.append("#") }
                inNumber = true
            } else {
                output.append(character)
                inNumber = false
            }
        }
        return output
    }
}
