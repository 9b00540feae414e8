/// One step of decoding possibly-invalid UTF-8.
public enum UTF8Step {
    /// A well-formed scalar of `length` bytes.
    case scalar(UInt32, length: Int)
    /// A byte that starts no well-formed sequence.
    case invalid(UInt8)
}

/// Decodes the scalar starting at `index`, rejecting overlong forms, surrogates and values
/// beyond U+10FFFF, exactly as `String(validating:)` does.
@inlinable
public func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UTF8Step {
    let lead = bytes[index]
    if lead < 0x80 { return .scalar(UInt32(lead), length: 1) }
    let length: Int
    var scalar: UInt32
    var minimum: UInt32
    switch lead {
    case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
    case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
    case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
    default: return .invalid(lead)
    }
    guard index + length <= bytes.count else { return .invalid(lead) }
    for offset in 1..<length {
        let continuation = bytes[index + offset]
        guard continuation & 0xC0 == 0x80 else { return .invalid(lead) }
        scalar = scalar << 6 | UInt32(continuation & 0x3F)
    }
    guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return .invalid(lead) }
    return .scalar(scalar, length: length)
}

/// True for scalars that can change how a terminal draws what follows: C1 controls and the
/// bidirectional overrides, embeddings and isolates (Trojan Source).
@inlinable
public func isInvisibleControl(_ scalar: UInt32) -> Bool {
    switch scalar {
    case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
