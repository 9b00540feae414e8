import EvmonJSON

/// JSON pointers (RFC 6901) as `$ref` fragments write them and schema errors print them.
enum SchemaPointer {
    /// One reference token: `~` as `~0`, `/` as `~1`.
    static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingAll("~", with: "~0").replacingAll("/", with: "~1")
    }

    /// A URI fragment's percent-encoding decoded; `nil` when it is malformed or not UTF-8.
    static func percentDecoded(_ fragment: Substring) -> String? {
        guard fragment.contains("%") else { return String(fragment) }
        var bytes: [UInt8] = []
        var utf8 = fragment.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = utf8.next().flatMap(hexValue), let low = utf8.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The value `pointer` (`""`, or `/a/0/b~1c`) names in `root`, and the pointer written
    /// canonically (the key compiled subschemas are known by); `nil` when it names nothing.
    static func resolve(_ pointer: String, in root: JSONValue) -> (JSONValue, String)? {
        guard !pointer.isEmpty else { return (root, "") }
        guard pointer.hasPrefix("/") else { return nil }
        var current = root
        var canonical = ""
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = unescape(raw) else { return nil }
            switch current {
            case .object:
                guard let next = current[member: token] else { return nil }
                current = next
            case .array(let elements):
                // Array indexes are digits without leading zeros.
                guard let index = Int(token), index >= 0, String(index) == token, index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
            canonical += "/" + escape(token)
        }
        return (current, canonical)
    }

    private static func unescape(_ token: Substring) -> String? {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else { result.append(character); continue }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: return nil
            }
        }
        return result
    }
}

extension String {
    /// Every `target` replaced, without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
