/// Groups failures that differ only in their particulars: `SKU-1030 has no stock in WH-1` and
/// `SKU-1008 has no stock in WH-2` are one reason, `SKU-# has no stock in WH-#`.
///
/// As error trackers fingerprint messages: numbers become `#`, ids (long hex runs, UUIDs) and
/// quoted values become `…`. Class names and words stay, so different failures stay apart.
/// Works on UTF-8 bytes (every dead letter is fingerprinted as it arrives); bytes above ASCII
/// count as letters.
public enum ReasonFingerprint {
    private static let ellipsis = Array("…".utf8)

    /// The grouping key and title of a reason text.
    public static func of(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var token: [UInt8] = []
        var quote: UInt8?
        func flushToken() {
            guard !token.isEmpty else { return }
            appendMasked(token, to: &output)
            token.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if let open = quote {
                if byte == open {
                    output += ellipsis
                    output.append(byte)
                    quote = nil
                }
                continue
            }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                flushToken()
                output.append(byte)
                quote = byte
            } else if isTokenByte(byte) {
                token.append(byte)
            } else {
                flushToken()
                output.append(byte)
            }
        }
        flushToken()
        // An unclosed quote: what followed it was a value too.
        if quote != nil { output += ellipsis }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private static func isHexOrDash(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f") || byte == UInt8(ascii: "-")
    }

    private static func appendMasked(_ token: [UInt8], to output: inout [UInt8]) {
        guard token.contains(where: isDigit) else {
            output += token
            return
        }
        if token.count >= 8, token.allSatisfy(isHexOrDash) {
            output += ellipsis
            return
        }
        var inNumber = false
        for byte in token {
            if isDigit(byte) {
                if !inNumber { output.append(UInt8(ascii: "#")) }
                inNumber = true
            } else {
                output.append(byte)
                inNumber = false
            }
        }
    }
}
