import EvmonModel

/// A kcat `-f` format string, parsed once and applied to every record.
///
/// `%t` topic, `%p` partition, `%o` offset, `%k` key, `%s` value, `%T` timestamp (ms), `%h` headers
/// (`name=value,…`), `%S` value size, `%K` key size (−1 when absent), `%%`, `\n`, `\t`, `\\`.
/// Field contents are escaped for the terminal (`TerminalText`); the format's own text is not.
public struct KcatFormat: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case literal([UInt8])
        case topic, partition, offset, key, value, timestamp, headers, valueSize, keySize
    }

    let pieces: [Piece]

    /// Parses a format; unknown `%x` or `\x` sequences are usage errors.
    public init(parsing format: String) throws(EvmonError) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var characters = Array(format.unicodeScalars)[...]
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
        }
        while let character = characters.popFirst() {
            switch character {
            case "%":
                guard let code = characters.popFirst() else { throw .usage("format '\(format)' ends with a lone %") }
                let piece: Piece
                switch code {
                case "t": piece = .topic
                case "p": piece = .partition
                case "o": piece = .offset
                case "k": piece = .key
                case "s": piece = .value
                case "T": piece = .timestamp
                case "h": piece = .headers
                case "S": piece = .valueSize
                case "K": piece = .keySize
                case "%": literal.append(UInt8(ascii: "%")); continue
                default: throw .usage("format '\(format)': unknown field %\(code) (use %t %p %o %k %s %T %h %S %K)")
                }
                flush()
                pieces.append(piece)
            case "\\":
                guard let code = characters.popFirst() else { throw .usage("format '\(format)' ends with a lone \\") }
                switch code {
                case "n": literal.append(0x0A)
                case "t": literal.append(0x09)
                case "\\": literal.append(UInt8(ascii: "\\"))
                default: throw .usage("format '\(format)': unknown escape \\\(code) (use \\n \\t \\\\)")
                }
            default:
                literal.append(contentsOf: String(character).utf8)
            }
        }
        flush()
        self.pieces = pieces
    }

    /// Appends `record` formatted.
    public func append(_ record: Record, to output: inout [UInt8]) {
        for piece in pieces {
            switch piece {
            case .literal(let bytes): output.append(contentsOf: bytes)
            case .topic: TerminalText.append(record.topic, to: &output)
            case .partition: output.append(decimal: Int64(record.partition))
            case .offset: output.append(offset: record.offset)
            case .key: if let key = record.key { TerminalText.append(key, to: &output) }
            case .value: if let value = record.value { TerminalText.append(value, to: &output) }
            case .timestamp: output.append(decimal: record.timestamp)
            case .headers:
                for (index, header) in record.headers.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    TerminalText.append(header.name, to: &output)
                    output.append(UInt8(ascii: "="))
                    if let value = header.value { TerminalText.append(value, to: &output) }
                }
            case .valueSize: output.append(decimal: Int64(record.value?.count ?? -1))
            case .keySize: output.append(decimal: Int64(record.key?.count ?? -1))
            }
        }
    }
}
