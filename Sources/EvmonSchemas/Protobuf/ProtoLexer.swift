/// One token of `.proto` text, with where it starts for error messages.
struct ProtoToken: Equatable {
    enum Kind: Equatable {
        case identifier
        /// An integer or floating-point literal, as written (`0x1F`, `-` is a symbol).
        case number
        /// A string literal; `text` holds its decoded bytes as UTF-8 (repaired).
        case string
        case symbol
        case end
    }

    var kind: Kind
    var text: String
    var line: Int
    var column: Int

    /// How an error message shows it.
    var quoted: String {
        switch kind {
        case .end: return "the end of the file"
        case .string: return "a string"
        default: return "'\(text)'"
        }
    }
}

/// Splits `.proto` text into tokens, comments dropped. Hostile text costs one token per few
/// bytes at most and never a trap: an unterminated comment or string, a stray byte, a newline
/// inside a string are errors at their line and column.
struct ProtoLexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    static func tokens(_ bytes: [UInt8], file: String) throws(ProtobufError) -> [ProtoToken] {
        var lexer = ProtoLexer(bytes, file: file)
        var tokens: [ProtoToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var column: Int { index - lineStart + 1 }

    private func fault(_ what: String) -> ProtobufError {
        ProtobufError("\(file):\(line):\(column): \(what)")
    }

    private mutating func newline() {
        line += 1
        lineStart = index + 1
    }

    private mutating func skipSpaceAndComments() throws(ProtobufError) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                newline()
                index += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == 0x0B || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                let (startLine, startColumn) = (line, column)
                index += 2
                while true {
                    guard index + 1 < bytes.count else { throw ProtobufError("\(file):\(startLine):\(startColumn): a /* comment that never ends") }
                    if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") { break }
                    if bytes[index] == UInt8(ascii: "\n") { newline() }
                    index += 1
                }
                index += 2
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ProtobufError) -> ProtoToken {
        try skipSpaceAndComments()
        let (startLine, startColumn) = (line, column)
        func token(_ kind: ProtoToken.Kind, _ text: String) -> ProtoToken {
            ProtoToken(kind: kind, text: text, line: startLine, column: startColumn)
        }
        guard index < bytes.count else { return token(.end, "") }
        let byte = bytes[index]
        if Self.isLetter(byte) {
            let start = index
            while index < bytes.count, Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]) { index += 1 }
            return token(.identifier, String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && index + 1 < bytes.count && Self.isDigit(bytes[index + 1])) {
            let start = index
            // Digits, letters (hex, exponents), points and an exponent's sign: validated by
            // whoever reads the number, since most are skipped as option values.
            while index < bytes.count {
                let current = bytes[index]
                if Self.isLetter(current) || Self.isDigit(current) || current == UInt8(ascii: ".") {
                    index += 1
                } else if (current == UInt8(ascii: "+") || current == UInt8(ascii: "-")), index > start,
                    bytes[index - 1] | 0x20 == UInt8(ascii: "e"), bytes[start] != UInt8(ascii: "0") || start + 1 >= bytes.count || bytes[start + 1] | 0x20 != UInt8(ascii: "x")
                {
                    index += 1
                } else {
                    break
                }
            }
            return token(.number, String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            return token(.string, try string(quote: byte))
        }
        guard byte >= 0x21, byte < 0x7F else { throw fault("an unexpected byte 0x\(String(byte, radix: 16))") }
        index += 1
        return token(.symbol, String(UnicodeScalar(byte)))
    }

    /// A string literal's contents, escapes decoded as protoc does.
    private mutating func string(quote: UInt8) throws(ProtobufError) -> String {
        index += 1
        var decoded: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fault("a string that never ends") }
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            guard byte != UInt8(ascii: "\n") else { throw fault("a newline inside a string") }
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                continue
            }
            guard index < bytes.count else { throw fault("a string that never ends") }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "a"): decoded.append(0x07)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "v"): decoded.append(0x0B)
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                decoded.append(UInt8(truncatingIfNeeded: digits(radix: 16, atMost: 2)))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                index -= 1
                decoded.append(UInt8(truncatingIfNeeded: digits(radix: 8, atMost: 3)))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let value = digits(radix: 16, atMost: escaped == UInt8(ascii: "u") ? 4 : 8)
                guard let scalar = UnicodeScalar(value) else { throw fault("\\u escape of a value that is no character") }
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: decoded.append(escaped)
            }
        }
    }

    private mutating func digits(radix: UInt32, atMost count: Int) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard index < bytes.count, let digit = Self.digitValue(bytes[index]), digit < radix else { break }
            value = value * radix + digit
            index += 1
        }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
