/// The `format`s evmon asserts, as a contract check should (the specification makes them
/// annotations unless asked; a producer sending `"2026-13-45"` as a date is what people look
/// for). Strings only: other values pass.
///
/// - `date-time`: RFC 3339 `date-time`, `T` and `Z` in either case, a fraction of any length,
///   `Z` or `±hh:mm`; no leap second (`:60`), no year 0 (as Python's `jsonschema` has it).
/// - `date`: `YYYY-MM-DD`, a real day of a year from 1.
/// - `time`: RFC 3339 `full-time`: `hh:mm:ss`, a fraction, and a zone (`Z` or `±hh:mm`).
/// - `uuid`: 8-4-4-4-12 hex digits, either case (in draft-07 too, which did not name it).
/// - `email`: `local@domain`: a dot-atom local part (no quoted forms) of at most 64 bytes, and
///   a domain of dot-separated labels of letters, digits and inner hyphens (non-ASCII letters
///   allowed), or an address literal in brackets. Stricter than Python's `jsonschema`, which
///   asks only for an `@`.
enum SchemaFormats {
    static func check(_ format: SchemaFormat, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        switch format {
        case .date: return date(bytes[...]) != nil && bytes.count == 10
        case .time: return time(bytes[...])
        case .dateTime:
            guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
            return date(bytes[0..<10]) != nil && time(bytes[11...])
        case .uuid:
            guard bytes.count == 36 else { return false }
            for (position, byte) in bytes.enumerated() {
                if [8, 13, 18, 23].contains(position) {
                    guard byte == UInt8(ascii: "-") else { return false }
                } else {
                    guard hexDigit(byte) else { return false }
                }
            }
            return true
        case .email: return email(text)
        }
    }

    /// `YYYY-MM-DD` exactly; its year, month and day when it is a real date.
    private static func date(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10 else { return nil }
        let start = bytes.startIndex
        guard bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
            let year = number(bytes[start..<start + 4]), let month = number(bytes[start + 5..<start + 7]),
            let day = number(bytes[start + 8..<start + 10]), year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month, of: year)
        else { return nil }
        return (year, month, day)
    }

    /// `hh:mm:ss[.fraction](Z|±hh:mm)`.
    private static func time(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        func two(below limit: Int) -> Bool {
            guard index + 2 <= bytes.endIndex, let value = number(bytes[index..<index + 2]), value < limit else { return false }
            index += 2
            return true
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard two(below: 24), expect(UInt8(ascii: ":")), two(below: 60), expect(UInt8(ascii: ":")), two(below: 60) else { return false }
        if expect(UInt8(ascii: ".")) {
            let start = index
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.endIndex else { return false }
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) { return index == bytes.endIndex }
        guard expect(UInt8(ascii: "+")) || expect(UInt8(ascii: "-")) else { return false }
        return two(below: 24) && expect(UInt8(ascii: ":")) && two(below: 60) && index == bytes.endIndex
    }

    private static func email(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        let atomSpecials: Set<Character> = ["!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~"]
        for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
            guard !atom.isEmpty, atom.allSatisfy({ $0.isLetter || $0.isNumber || atomSpecials.contains($0) }) else { return false }
        }
        if domain.first == "[" { return domain.last == "]" && domain.count > 2 }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-",
                label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return false }
        }
        return true
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func hexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// What a format is, for violations.
    static func describe(_ format: SchemaFormat) -> String {
        switch format {
        case .dateTime: return "an RFC 3339 date-time"
        case .date: return "a date (YYYY-MM-DD)"
        case .time: return "an RFC 3339 time with a zone"
        case .uuid: return "a UUID"
        case .email: return "an email address"
        }
    }
}
