/// Pretty-prints JSON bytes as styled lines, or says they are not JSON.
///
/// A strict recursive-descent pass: anything that is not one complete JSON value answers `nil`,
/// so the detail pane falls back to text or hex. Nesting deeper than `maximumDepth` and output
/// longer than `maximumLines` stop the pass (with a closing note) instead of growing without bound.
public struct PrettyJSON {
    public static let maximumDepth = 64
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var lines: [StyledLine] = [[]]
    private let maximumLines: Int
    private var truncated = false

    /// Styled lines for `bytes`, or `nil` when they are not a JSON document.
    public static func lines(for bytes: [UInt8], maximumLines: Int = 5_000) -> [StyledLine]? {
        bytes.withUnsafeBufferPointer { buffer in
            var printer = PrettyJSON(bytes: buffer, maximumLines: maximumLines)
            printer.skipWhitespace()
            guard printer.value(depth: 0, indent: 0) else { return nil }
            printer.skipWhitespace()
            guard printer.index == buffer.count || printer.truncated else { return nil }
            if printer.truncated { printer.lines.append([TextSpan("… (truncated)", .dim)]) }
            return printer.lines
        }
    }

    /// `bytes` pretty-printed as plain text (two-space indents, a final newline), for an editor;
    /// `nil` when they are not JSON or too long to print whole.
    public static func text(for bytes: [UInt8]) -> [UInt8]? {
        guard let lines = lines(for: bytes, maximumLines: 1_000_000), lines.last?.first?.text != "… (truncated)" else { return nil }
        var text: [UInt8] = []
        for line in lines {
            for span in line { text += span.text.utf8 }
            text.append(0x0A)
        }
        return text
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumLines: Int) {
        self.bytes = bytes
        self.maximumLines = maximumLines
    }

    private mutating func emit(_ text: String, _ kind: SpanKind) {
        lines[lines.count - 1].append(TextSpan(text, kind))
    }

    private mutating func newLine(indent: Int) {
        if lines.count >= maximumLines { truncated = true; return }
        lines.append(indent > 0 ? [TextSpan(String(repeating: " ", count: indent * 2), .text)] : [])
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(depth: Int, indent: Int) -> Bool {
        guard index < bytes.count, depth < PrettyJSON.maximumDepth, !truncated else { return truncated }
        switch bytes[index] {
        case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true, depth: depth, indent: indent)
        case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false, depth: depth, indent: indent)
        case UInt8(ascii: "\""):
            guard let text = string() else { return false }
            emit(text, .jsonString)
            return true
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func container(close: UInt8, keyed: Bool, depth: Int, indent: Int) -> Bool {
        index += 1
        emit(keyed ? "{" : "[", .jsonPunctuation)
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            emit(keyed ? "}" : "]", .jsonPunctuation)
            return true
        }
        while true {
            newLine(indent: indent + 1)
            skipWhitespace()
            if keyed {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return false }
                emit(key, .jsonKey)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                emit(": ", .jsonPunctuation)
                skipWhitespace()
            }
            guard value(depth: depth + 1, indent: indent + 1) else { return false }
            if truncated { return true }
            skipWhitespace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                emit(",", .jsonPunctuation)
                continue
            }
            guard bytes[index] == close else { return false }
            index += 1
            newLine(indent: indent)
            emit(keyed ? "}" : "]", .jsonPunctuation)
            return true
        }
    }

    /// A string token exactly as written (quotes and escapes kept), if well formed.
    private mutating func string() -> String? {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte < 0x20 { return nil }
            index += 1
            if byte == UInt8(ascii: "\"") {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
        }
        return nil
    }

    private mutating func literal(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        index += utf8.count
        emit(word, .jsonLiteral)
        return true
    }

    private mutating func number() -> Bool {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while index < bytes.count, isNumberByte(bytes[index]) {
            index += 1
            digits += 1
        }
        guard digits > 0 else { return false }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard Double(text) != nil else { return false }
        emit(text, .jsonNumber)
        return true
    }

    private func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
            || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
